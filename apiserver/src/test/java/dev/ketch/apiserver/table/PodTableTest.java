package dev.ketch.apiserver.table;

import static dev.ketch.apiserver.table.Fixtures.printed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod rows against what kubectl prints for such pods; "now" is 2024-05-01T12:00:00Z. Columns:
 * NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED-NODE READINESS-GATES.
 */
class PodTableTest {

  static Stream<Arguments> pods() {
    return Stream.of(
        arguments("running", """
            metadata: {name: web-7d9c5, namespace: shop, creationTimestamp: "2024-05-01T11:55:00Z"}
            spec:
              nodeName: worker-1
              containers: [{name: nginx, image: nginx:1.25}]
            status:
              phase: Running
              podIP: 10.244.1.5
              podIPs: [{ip: 10.244.1.5}]
              conditions: [{type: Ready, status: "True"}]
              containerStatuses:
              - {name: nginx, ready: true, restartCount: 0, started: true, state: {running: {startedAt: "2024-05-01T11:55:10Z"}}}
            """,
            List.of("web-7d9c5", "1/1", "Running", "0", "5m", "10.244.1.5", "worker-1", "<none>", "<none>")),
        arguments("crash loop with restarts", """
            metadata: {name: api-6f7b, namespace: shop, creationTimestamp: "2024-04-29T09:00:00Z"}
            spec:
              nodeName: worker-2
              containers: [{name: api, image: shop/api:2.1}]
            status:
              phase: Running
              podIP: 10.244.2.9
              containerStatuses:
              - name: api
                ready: false
                restartCount: 3
                state: {waiting: {reason: CrashLoopBackOff, message: back-off 40s restarting failed container}}
                lastState: {terminated: {exitCode: 1, reason: Error, startedAt: "2024-05-01T11:54:50Z", finishedAt: "2024-05-01T11:55:00Z"}}
            """,
            List.of("api-6f7b", "0/1", "CrashLoopBackOff", "3 (5m ago)", "2d3h", "10.244.2.9", "worker-2", "<none>", "<none>")),
        arguments("second of two init containers running", """
            metadata: {name: db-0, namespace: shop, creationTimestamp: "2024-05-01T11:59:15Z"}
            spec:
              nodeName: worker-1
              initContainers: [{name: migrate, image: shop/migrate}, {name: seed, image: shop/seed}]
              containers: [{name: postgres, image: postgres:16}]
            status:
              phase: Pending
              podIP: 10.244.1.7
              conditions: [{type: Initialized, status: "False"}, {type: Ready, status: "False"}]
              initContainerStatuses:
              - {name: migrate, ready: true, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
              - {name: seed, ready: false, restartCount: 0, state: {running: {startedAt: "2024-05-01T11:59:40Z"}}}
              containerStatuses:
              - {name: postgres, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}
            """,
            List.of("db-0", "0/1", "Init:1/2", "0", "45s", "10.244.1.7", "worker-1", "<none>", "<none>")),
        arguments("init container waiting before the first runs", """
            metadata: {name: db-1, namespace: shop, creationTimestamp: "2024-05-01T11:59:58Z"}
            spec:
              nodeName: worker-1
              initContainers: [{name: migrate, image: shop/migrate}, {name: seed, image: shop/seed}]
              containers: [{name: postgres, image: postgres:16}]
            status:
              phase: Pending
              initContainerStatuses:
              - {name: migrate, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}
              - {name: seed, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}
            """,
            List.of("db-1", "0/1", "Init:0/2", "0", "2s", "<none>", "worker-1", "<none>", "<none>")),
        arguments("failed init container", """
            metadata: {name: db-2, namespace: shop, creationTimestamp: "2024-05-01T11:50:00Z"}
            spec:
              nodeName: worker-1
              initContainers: [{name: migrate, image: shop/migrate}]
              containers: [{name: postgres, image: postgres:16}]
            status:
              phase: Pending
              podIP: 10.244.1.8
              initContainerStatuses:
              - name: migrate
                ready: false
                restartCount: 2
                state: {terminated: {exitCode: 1, reason: Error, finishedAt: "2024-05-01T11:58:00Z"}}
                lastState: {terminated: {exitCode: 1, reason: Error, finishedAt: "2024-05-01T11:56:00Z"}}
            """,
            List.of("db-2", "0/1", "Init:Error", "2 (4m ago)", "10m", "10.244.1.8", "worker-1", "<none>", "<none>")),
        arguments("init container in crash loop", """
            metadata: {name: db-3, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              initContainers: [{name: migrate, image: shop/migrate}]
              containers: [{name: postgres, image: postgres:16}]
            status:
              phase: Pending
              initContainerStatuses:
              - name: migrate
                restartCount: 5
                state: {waiting: {reason: CrashLoopBackOff}}
                lastState: {terminated: {exitCode: 2, finishedAt: "2024-05-01T11:59:00Z"}}
            """,
            List.of("db-3", "0/1", "Init:CrashLoopBackOff", "5 (60s ago)", "60m", "<none>", "<none>", "<none>", "<none>")),
        arguments("init container killed by a signal", """
            metadata: {name: db-4, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              initContainers: [{name: migrate, image: shop/migrate}]
              containers: [{name: postgres, image: postgres:16}]
            status:
              phase: Pending
              initContainerStatuses:
              - {name: migrate, restartCount: 0, state: {terminated: {exitCode: 137, signal: 9}}}
            """,
            List.of("db-4", "0/1", "Init:Signal:9", "0", "60m", "<none>", "<none>", "<none>", "<none>")),
        arguments("terminating", """
            metadata: {name: web-old, namespace: shop, creationTimestamp: "2024-04-01T12:00:00Z", deletionTimestamp: "2024-05-01T12:00:30Z"}
            spec:
              nodeName: worker-3
              containers: [{name: nginx, image: nginx:1.25}]
            status:
              phase: Running
              podIP: 10.244.3.4
              containerStatuses:
              - {name: nginx, ready: true, restartCount: 0, state: {running: {}}}
            """,
            List.of("web-old", "1/1", "Terminating", "0", "30d", "10.244.3.4", "worker-3", "<none>", "<none>")),
        arguments("deleted on a lost node", """
            metadata: {name: web-lost, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z", deletionTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              nodeName: worker-4
              containers: [{name: nginx, image: nginx:1.25}]
            status:
              phase: Running
              reason: NodeLost
              containerStatuses:
              - {name: nginx, ready: true, restartCount: 0, state: {running: {}}}
            """,
            List.of("web-lost", "1/1", "Unknown", "0", "24h", "<none>", "worker-4", "<none>", "<none>")),
        arguments("on a lost node, not deleted", """
            metadata: {name: web-lost2, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec:
              nodeName: worker-4
              containers: [{name: nginx, image: nginx:1.25}]
            status:
              phase: Running
              reason: NodeLost
            """,
            List.of("web-lost2", "0/1", "NodeLost", "0", "24h", "<none>", "worker-4", "<none>", "<none>")),
        arguments("completed", """
            metadata: {name: backup-28571, namespace: ops, creationTimestamp: "2024-05-01T09:00:00Z"}
            spec:
              nodeName: worker-1
              restartPolicy: Never
              containers: [{name: backup, image: ops/backup}]
            status:
              phase: Succeeded
              podIP: 10.244.1.20
              containerStatuses:
              - {name: backup, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
            """,
            List.of("backup-28571", "0/1", "Completed", "0", "3h", "10.244.1.20", "worker-1", "<none>", "<none>")),
        arguments("failed with Error", """
            metadata: {name: backup-28572, namespace: ops, creationTimestamp: "2024-05-01T11:30:00Z"}
            spec:
              nodeName: worker-1
              containers: [{name: backup, image: ops/backup}]
            status:
              phase: Failed
              containerStatuses:
              - {name: backup, ready: false, restartCount: 0, state: {terminated: {exitCode: 1, reason: Error}}}
            """,
            List.of("backup-28572", "0/1", "Error", "0", "30m", "<none>", "worker-1", "<none>", "<none>")),
        arguments("exit code without reason", """
            metadata: {name: oom, namespace: ops, creationTimestamp: "2024-05-01T11:30:00Z"}
            spec:
              containers: [{name: app, image: app}]
            status:
              phase: Failed
              containerStatuses:
              - {name: app, restartCount: 0, state: {terminated: {exitCode: 137}}}
            """,
            List.of("oom", "0/1", "ExitCode:137", "0", "30m", "<none>", "<none>", "<none>", "<none>")),
        arguments("evicted", """
            metadata: {name: cache-x1, namespace: shop, creationTimestamp: "2024-04-25T12:00:00Z"}
            spec:
              nodeName: worker-2
              containers: [{name: redis, image: redis:7}]
            status:
              phase: Failed
              reason: Evicted
              message: "The node was low on resource: memory."
            """,
            List.of("cache-x1", "0/1", "Evicted", "0", "6d", "<none>", "worker-2", "<none>", "<none>")),
        arguments("container creating", """
            metadata: {name: web-new, namespace: shop, creationTimestamp: "2024-05-01T11:59:50Z"}
            spec:
              nodeName: worker-1
              containers: [{name: nginx, image: nginx:1.25}, {name: log, image: fluent-bit}]
            status:
              phase: Pending
              containerStatuses:
              - {name: log, ready: false, restartCount: 0, state: {waiting: {reason: ContainerCreating}}}
              - {name: nginx, ready: false, restartCount: 0, state: {waiting: {reason: ContainerCreating}}}
            """,
            List.of("web-new", "0/2", "ContainerCreating", "0", "10s", "<none>", "worker-1", "<none>", "<none>")),
        arguments("unschedulable", """
            metadata: {name: big, namespace: shop, creationTimestamp: "2024-05-01T11:45:00Z"}
            spec:
              containers: [{name: app, image: app}]
            status:
              phase: Pending
              conditions: [{type: PodScheduled, status: "False", reason: Unschedulable}]
            """,
            List.of("big", "0/1", "Pending", "0", "15m", "<none>", "<none>", "<none>", "<none>")),
        arguments("scheduling gated", """
            metadata: {name: gated, namespace: shop, creationTimestamp: "2024-05-01T11:45:00Z"}
            spec:
              schedulingGates: [{name: example.com/quota}]
              containers: [{name: app, image: app}]
            status:
              phase: Pending
              conditions: [{type: PodScheduled, status: "False", reason: SchedulingGated}]
            """,
            List.of("gated", "0/1", "SchedulingGated", "0", "15m", "<none>", "<none>", "<none>", "<none>")),
        arguments("preempting pod with a nominated node", """
            metadata: {name: urgent, namespace: shop, creationTimestamp: "2024-05-01T11:58:00Z"}
            spec:
              containers: [{name: app, image: app}]
            status:
              phase: Pending
              nominatedNodeName: worker-2
            """,
            List.of("urgent", "0/1", "Pending", "0", "2m", "<none>", "<none>", "worker-2", "<none>")),
        arguments("sidecar counts as a container and its restarts count", """
            metadata: {name: mesh-web, namespace: shop, creationTimestamp: "2024-05-01T10:00:00Z"}
            spec:
              nodeName: worker-1
              initContainers: [{name: proxy, image: envoy, restartPolicy: Always}]
              containers: [{name: web, image: web}]
            status:
              phase: Running
              podIPs: [{ip: 10.244.1.30}, {ip: "fd00::30"}]
              conditions: [{type: Initialized, status: "True"}, {type: Ready, status: "True"}]
              initContainerStatuses:
              - name: proxy
                ready: true
                started: true
                restartCount: 1
                state: {running: {}}
                lastState: {terminated: {exitCode: 1, finishedAt: "2024-05-01T11:50:00Z"}}
              containerStatuses:
              - {name: web, ready: true, started: true, restartCount: 0, state: {running: {}}}
            """,
            List.of("mesh-web", "2/2", "Running", "1 (10m ago)", "120m", "10.244.1.30", "worker-1", "<none>", "<none>")),
        arguments("one container completed while another runs, pod not ready", """
            metadata: {name: mixed, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              containers: [{name: server, image: s}, {name: once, image: o}]
            status:
              phase: Running
              containerStatuses:
              - {name: server, ready: true, restartCount: 0, state: {running: {}}}
              - {name: once, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
            """,
            List.of("mixed", "1/2", "NotReady", "0", "60m", "<none>", "<none>", "<none>", "<none>")),
        arguments("one container completed while another runs, pod ready", """
            metadata: {name: mixed2, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              containers: [{name: server, image: s}, {name: once, image: o}]
            status:
              phase: Running
              conditions: [{type: Ready, status: "True"}]
              containerStatuses:
              - {name: server, ready: true, restartCount: 0, state: {running: {}}}
              - {name: once, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
            """,
            List.of("mixed2", "1/2", "Running", "0", "60m", "<none>", "<none>", "<none>", "<none>")),
        arguments("readiness gates", """
            metadata: {name: lb-web, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              nodeName: worker-1
              readinessGates: [{conditionType: example.com/lb-ready}, {conditionType: example.com/dns-ready}]
              containers: [{name: web, image: web}]
            status:
              phase: Running
              podIP: 10.244.1.40
              conditions: [{type: example.com/lb-ready, status: "True"}, {type: example.com/dns-ready, status: "False"}]
              containerStatuses:
              - {name: web, ready: true, restartCount: 0, state: {running: {}}}
            """,
            List.of("lb-web", "1/1", "Running", "0", "60m", "10.244.1.40", "worker-1", "<none>", "1/2")),
        arguments("restarts without a recorded termination time", """
            metadata: {name: flaky, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              containers: [{name: app, image: app}]
            status:
              phase: Running
              containerStatuses:
              - {name: app, ready: true, restartCount: 4, state: {running: {}}}
            """,
            List.of("flaky", "1/1", "Running", "4", "60m", "<none>", "<none>", "<none>", "<none>")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void printsPodsAsKubectlShowsThem(String name, String yaml, List<String> expected) {
    assertThat(printed("v1", "pods", yaml)).containsExactlyElementsOf(expected);
  }

  @Test
  void marksFinishedPodsWithARowCondition() {
    TableConvertor pods = Fixtures.convertor("v1", "pods");
    Row succeeded = pods.convertStored(Fixtures.yaml("""
        metadata: {name: done, namespace: ops}
        status: {phase: Succeeded}
        """), TableOptions.DEFAULT).rows().getFirst();
    Row failed = pods.convertStored(Fixtures.yaml("""
        metadata: {name: failed, namespace: ops}
        status: {phase: Failed}
        """), TableOptions.DEFAULT).rows().getFirst();
    Row running = pods.convertStored(Fixtures.yaml("""
        metadata: {name: running, namespace: ops}
        status: {phase: Running}
        """), TableOptions.DEFAULT).rows().getFirst();
    assertThat(succeeded.conditions())
        .containsExactly(new RowCondition("Completed", "True", "Succeeded", "The pod has completed successfully."));
    assertThat(failed.conditions()).containsExactly(new RowCondition("Completed", "True", "Failed", "The pod failed."));
    assertThat(running.conditions()).isEmpty();
  }

  @Test
  void aPodWithoutCreationTimeHasUnknownAge() {
    assertThat(printed("v1", "pods", "metadata: {name: x}\n")).containsExactly(
        "x", "0/0", "", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>");
  }
}
