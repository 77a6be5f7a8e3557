package dev.ketch.apiserver.table;

import static dev.ketch.apiserver.table.Fixtures.cells;
import static dev.ketch.apiserver.table.Fixtures.printed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Workload rows against what kubectl prints; "now" is 2024-05-01T12:00:00Z. */
class WorkloadTableTest {

  static Stream<Arguments> workloads() {
    return Stream.of(
        arguments("deployment rolling out", "apps/v1", "deployments", """
            metadata: {name: web, namespace: shop, creationTimestamp: "2024-04-10T12:00:00Z"}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: nginx, image: "nginx:1.25"}, {name: log, image: fluent-bit}]}
            status: {replicas: 3, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2}
            """, List.of("web", "2/3", "2", "2", "21d", "nginx,log", "nginx:1.25,fluent-bit", "app=web")),
        arguments("deployment with expressions and no status", "apps/v1", "deployments", """
            metadata: {name: api, namespace: shop, creationTimestamp: "2024-05-01T11:59:00Z"}
            spec:
              selector:
                matchLabels: {app: api}
                matchExpressions: [{key: tier, operator: In, values: [backend, api]}]
              template: {spec: {containers: [{name: api, image: "shop/api:2"}]}}
            """, List.of("api", "0/1", "0", "0", "60s", "api", "shop/api:2", "app=api,tier in (api,backend)")),
        arguments("deployment with an invalid selector", "apps/v1", "deployments", """
            metadata: {name: odd, namespace: shop, creationTimestamp: "2024-05-01T11:59:00Z"}
            spec:
              replicas: 0
              selector: {matchExpressions: [{key: tier, operator: Gt, values: ["1"]}]}
              template: {spec: {containers: []}}
            """, List.of("odd", "0/0", "0", "0", "60s", "", "", "<invalid>")),
        arguments("replica set", "apps/v1", "replicasets", """
            metadata: {name: web-7d9c5, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web, pod-template-hash: 7d9c5}}
              template: {spec: {containers: [{name: nginx, image: "nginx:1.25"}]}}
            status: {replicas: 3, readyReplicas: 3}
            """, List.of("web-7d9c5", "3", "3", "3", "24h", "nginx", "nginx:1.25", "app=web,pod-template-hash=7d9c5")),
        arguments("scaled-down replica set", "apps/v1", "replicasets", """
            metadata: {name: web-5f4d3, namespace: shop, creationTimestamp: "2024-04-01T12:00:00Z"}
            spec:
              replicas: 0
              selector: {matchLabels: {app: web}}
              template: {spec: {containers: [{name: nginx, image: "nginx:1.24"}]}}
            status: {replicas: 0}
            """, List.of("web-5f4d3", "0", "0", "0", "30d", "nginx", "nginx:1.24", "app=web")),
        arguments("replication controller", "v1", "replicationcontrollers", """
            metadata: {name: legacy, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              replicas: 2
              selector: {app: legacy, tier: web}
              template: {spec: {containers: [{name: app, image: legacy:1}]}}
            status: {replicas: 2, readyReplicas: 1}
            """, List.of("legacy", "2", "2", "1", "60m", "app", "legacy:1", "app=legacy,tier=web")),
        arguments("replication controller without template or selector", "v1", "replicationcontrollers", """
            metadata: {name: bare, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec: {}
            """, List.of("bare", "1", "0", "0", "60m", "", "", "<none>")),
        arguments("stateful set", "apps/v1", "statefulsets", """
            metadata: {name: db, namespace: shop, creationTimestamp: "2024-04-28T12:00:00Z"}
            spec:
              replicas: 3
              serviceName: db
              selector: {matchLabels: {app: db}}
              template: {spec: {containers: [{name: postgres, image: "postgres:16"}]}}
            status: {replicas: 2, readyReplicas: 1}
            """, List.of("db", "1/3", "3d", "postgres", "postgres:16")),
        arguments("daemon set", "apps/v1", "daemonsets", """
            metadata: {name: node-exporter, namespace: monitoring, creationTimestamp: "2024-03-01T12:00:00Z"}
            spec:
              selector: {matchLabels: {app: node-exporter}}
              template:
                spec:
                  nodeSelector: {kubernetes.io/os: linux}
                  containers: [{name: exporter, image: "prom/node-exporter:v1.8.0"}]
            status: {desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2}
            """, List.of("node-exporter", "3", "3", "2", "3", "2", "kubernetes.io/os=linux", "61d", "exporter",
            "prom/node-exporter:v1.8.0", "app=node-exporter")),
        arguments("completed job", "batch/v1", "jobs", """
            metadata: {name: pi, namespace: default, creationTimestamp: "2024-05-01T11:40:00Z"}
            spec:
              completions: 1
              parallelism: 1
              selector: {matchLabels: {batch.kubernetes.io/controller-uid: 0d3f}}
              template: {spec: {containers: [{name: pi, image: "perl:5.34"}]}}
            status:
              startTime: "2024-05-01T11:40:00Z"
              completionTime: "2024-05-01T11:40:12Z"
              succeeded: 1
              conditions:
              - {type: SuccessCriteriaMet, status: "True"}
              - {type: Complete, status: "True"}
            """, List.of("pi", "Complete", "1/1", "12s", "20m", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=0d3f")),
        arguments("running job", "batch/v1", "jobs", """
            metadata: {name: load, namespace: default, creationTimestamp: "2024-05-01T11:57:00Z"}
            spec:
              completions: 5
              template: {spec: {containers: [{name: load, image: load}]}}
            status: {startTime: "2024-05-01T11:57:30Z", active: 2, succeeded: 2}
            """, List.of("load", "Running", "2/5", "2m30s", "3m", "load", "load", "<none>")),
        arguments("failed job", "batch/v1", "jobs", """
            metadata: {name: bad, namespace: default, creationTimestamp: "2024-05-01T10:00:00Z"}
            spec:
              backoffLimit: 1
              template: {spec: {containers: [{name: bad, image: bad}]}}
            status:
              startTime: "2024-05-01T10:00:00Z"
              failed: 2
              conditions: [{type: FailureTarget, status: "True"}, {type: Failed, status: "True"}]
            """, List.of("bad", "Failed", "0/1", "120m", "120m", "bad", "bad", "<none>")),
        arguments("parallel job without completions", "batch/v1", "jobs", """
            metadata: {name: queue, namespace: default, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              parallelism: 3
              template: {spec: {containers: [{name: worker, image: worker}]}}
            """, List.of("queue", "Running", "0/1 of 3", "", "60m", "worker", "worker", "<none>")),
        arguments("suspended job", "batch/v1", "jobs", """
            metadata: {name: later, namespace: default, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              suspend: true
              completions: 2
              template: {spec: {containers: [{name: w, image: w}]}}
            status: {conditions: [{type: Suspended, status: "True"}]}
            """, List.of("later", "Suspended", "0/2", "", "60m", "w", "w", "<none>")),
        arguments("job being deleted", "batch/v1", "jobs", """
            metadata: {name: gone, namespace: default, creationTimestamp: "2024-05-01T11:00:00Z", deletionTimestamp: "2024-05-01T11:59:00Z"}
            spec:
              template: {spec: {containers: [{name: w, image: w}]}}
            status: {conditions: [{type: Complete, status: "False"}]}
            """, List.of("gone", "Terminating", "0/1", "", "60m", "w", "w", "<none>")),
        arguments("cron job", "batch/v1", "cronjobs", """
            metadata: {name: backup, namespace: ops, creationTimestamp: "2024-04-01T12:00:00Z"}
            spec:
              schedule: "*/5 * * * *"
              suspend: false
              jobTemplate:
                spec:
                  template: {spec: {containers: [{name: backup, image: "ops/backup:1"}]}}
            status:
              active: [{kind: Job, name: backup-28580395, namespace: ops}]
              lastScheduleTime: "2024-05-01T11:57:00Z"
            """, List.of("backup", "*/5 * * * *", "<none>", "False", "1", "3m", "30d", "backup", "ops/backup:1", "<none>")),
        arguments("suspended cron job with a time zone, never run", "batch/v1", "cronjobs", """
            metadata: {name: report, namespace: ops, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              schedule: "0 8 * * 1"
              timeZone: Europe/Berlin
              suspend: true
              jobTemplate: {spec: {template: {spec: {containers: [{name: r, image: r}]}}}}
            """, List.of("report", "0 8 * * 1", "Europe/Berlin", "True", "0", "<none>", "60m", "r", "r", "<none>")),
        arguments("controller revision of a stateful set", "apps/v1", "controllerrevisions", """
            metadata:
              name: db-5c8b
              namespace: shop
              creationTimestamp: "2024-04-28T12:00:00Z"
              ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: db, uid: u1, controller: true}]
            revision: 2
            """, List.of("db-5c8b", "statefulset.apps/db", "2", "3d")),
        arguments("pod disruption budget", "policy/v1", "poddisruptionbudgets", """
            metadata: {name: web-pdb, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec: {minAvailable: 2, selector: {matchLabels: {app: web}}}
            status: {disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3}
            """, List.of("web-pdb", "2", "N/A", "1", "60m")),
        arguments("pod disruption budget with a percentage", "policy/v1", "poddisruptionbudgets", """
            metadata: {name: db-pdb, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec: {maxUnavailable: "25%"}
            """, List.of("db-pdb", "N/A", "25%", "0", "60m")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void printsWorkloadsAsKubectlShowsThem(String name, String apiVersion, String plural, String yaml, List<String> expected) {
    assertThat(printed(apiVersion, plural, yaml)).containsExactlyElementsOf(expected);
  }

  @Test
  void countsAreJsonIntegersWhereUpstreamPrintsNumbers() {
    List<Object> rs = cells("apps/v1", "replicasets", """
        metadata: {name: rs, namespace: d, creationTimestamp: "2024-05-01T11:00:00Z"}
        spec: {replicas: 2}
        status: {replicas: 2, readyReplicas: 1}
        """);
    assertThat(rs.subList(1, 4)).containsExactly(2L, 2L, 1L);
    List<Object> deployment = cells("apps/v1", "deployments", """
        metadata: {name: d, namespace: d, creationTimestamp: "2024-05-01T11:00:00Z"}
        spec: {replicas: 2}
        status: {updatedReplicas: 2, availableReplicas: 1}
        """);
    assertThat(deployment.subList(1, 4)).containsExactly("0/2", 2L, 1L);
    List<Object> cron = cells("batch/v1", "cronjobs", "metadata: {name: c}\nspec: {schedule: x}\n");
    assertThat(cron.get(3)).isEqualTo("False");
    assertThat(cron.get(4)).isEqualTo(0L);
  }
}
