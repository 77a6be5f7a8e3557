package dev.ketch.apiserver.patch;

import static dev.ketch.apiserver.patch.Trees.body;
import static dev.ketch.apiserver.patch.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Strategic merge patches on built-in types, as kubectl and controllers send them: the strategies
 * come from {@link PatchMetadata#builtIn()}.
 */
class BuiltInStrategicMergeTest {

  private static final StrategicMergePatch PATCH = StrategicMergePatch.builtIn();

  static Stream<Arguments> patches() {
    return Stream.of(
        Arguments.of(
            "kubectl set image merges the container by name",
            Deployment.class,
            "spec: {template: {spec: {containers: [{name: app, image: 'nginx:1.25', imagePullPolicy: IfNotPresent}, {name: log, image: busybox}]}}}",
            """
            spec:
              template:
                spec:
                  $setElementOrder/containers: [{name: app}, {name: log}]
                  containers: [{name: app, image: 'nginx:1.26'}]
            """,
            "spec: {template: {spec: {containers: [{name: app, image: 'nginx:1.26', imagePullPolicy: IfNotPresent}, {name: log, image: busybox}]}}}"),
        Arguments.of(
            "kubectl rollout restart adds a template annotation",
            Deployment.class,
            "spec: {replicas: 2, template: {metadata: {labels: {app: web}}}}",
            "spec: {template: {metadata: {annotations: {kubectl.kubernetes.io/restartedAt: '2025-06-01T10:00:00Z'}}}}",
            "spec: {replicas: 2, template: {metadata: {labels: {app: web}, annotations: {kubectl.kubernetes.io/restartedAt: '2025-06-01T10:00:00Z'}}}}"),
        Arguments.of(
            "kubectl rollout pause", Deployment.class, "spec: {replicas: 2}", "spec: {paused: true}", "spec: {replicas: 2, paused: true}"),
        Arguments.of(
            "env is merged by name and ordered by $setElementOrder",
            Pod.class,
            "spec: {containers: [{name: app, env: [{name: A, value: '1'}, {name: C, value: '3'}]}]}",
            """
            spec:
              containers:
              - name: app
                $setElementOrder/env: [{name: A}, {name: B}, {name: C}]
                env: [{name: B, value: '2'}]
            """,
            "spec: {containers: [{name: app, env: [{name: A, value: '1'}, {name: B, value: '2'}, {name: C, value: '3'}]}]}"),
        Arguments.of(
            "ports are merged by containerPort",
            Pod.class,
            "spec: {containers: [{name: app, ports: [{containerPort: 80, protocol: TCP}]}]}",
            "spec: {containers: [{name: app, ports: [{containerPort: 80, name: http}]}]}",
            "spec: {containers: [{name: app, ports: [{containerPort: 80, protocol: TCP, name: http}]}]}"),
        Arguments.of(
            "tolerations have no strategy and are replaced",
            Pod.class,
            "spec: {tolerations: [{key: a, operator: Exists}, {key: b, operator: Exists}]}",
            "spec: {tolerations: [{key: c, operator: Exists}]}",
            "spec: {tolerations: [{key: c, operator: Exists}]}"),
        Arguments.of(
            "kubectl debug adds an ephemeral container",
            Pod.class,
            "spec: {containers: [{name: app}], ephemeralContainers: [{name: debugger-1, image: busybox}]}",
            """
            spec:
              $setElementOrder/ephemeralContainers: [{name: debugger-1}, {name: debugger-2}]
              ephemeralContainers: [{name: debugger-2, image: busybox, stdin: true}]
            """,
            "spec: {containers: [{name: app}], ephemeralContainers: [{name: debugger-1, image: busybox}, {name: debugger-2, image: busybox, stdin: true}]}"),
        Arguments.of(
            "imagePullSecrets are merged by name",
            Pod.class,
            "spec: {imagePullSecrets: [{name: a}]}",
            "spec: {$setElementOrder/imagePullSecrets: [{name: a}, {name: b}], imagePullSecrets: [{name: b}]}",
            "spec: {imagePullSecrets: [{name: a}, {name: b}]}"),
        Arguments.of(
            "hostAliases are merged by ip",
            Pod.class,
            "spec: {hostAliases: [{ip: 10.0.0.1, hostnames: [a]}]}",
            "spec: {hostAliases: [{ip: 10.0.0.1, hostnames: [b]}]}",
            "spec: {hostAliases: [{ip: 10.0.0.1, hostnames: [b]}]}"),
        Arguments.of(
            "a volume changing its source clears the old one with $retainKeys",
            Pod.class,
            "spec: {volumes: [{name: config, configMap: {name: app, defaultMode: 420}}, {name: tmp, emptyDir: {}}]}",
            """
            spec:
              $setElementOrder/volumes: [{name: config}, {name: tmp}]
              volumes:
              - name: config
                $retainKeys: [name, secret]
                secret: {secretName: app}
            """,
            "spec: {volumes: [{name: config, secret: {secretName: app}}, {name: tmp, emptyDir: {}}]}"),
        Arguments.of(
            "finalizers merge as values and leave with $deleteFromPrimitiveList",
            Pod.class,
            "metadata: {finalizers: [a, b, x]}",
            """
            metadata:
              $setElementOrder/finalizers: [b, c]
              $deleteFromPrimitiveList/finalizers: [a]
              finalizers: [c]
            """,
            "metadata: {finalizers: [b, c, x]}"),
        Arguments.of(
            "ownerReferences are merged by uid",
            Pod.class,
            "metadata: {ownerReferences: [{uid: u1, kind: ReplicaSet, name: rs, controller: true}]}",
            "metadata: {ownerReferences: [{uid: u1, blockOwnerDeletion: true}]}",
            "metadata: {ownerReferences: [{uid: u1, kind: ReplicaSet, name: rs, controller: true, blockOwnerDeletion: true}]}"),
        Arguments.of(
            "a finalizer removed by a controller's patch",
            Pod.class,
            "metadata: {finalizers: [kubernetes.io/pvc-protection, example.com/x]}",
            "metadata: {$deleteFromPrimitiveList/finalizers: [example.com/x]}",
            "metadata: {finalizers: [kubernetes.io/pvc-protection]}"),
        Arguments.of(
            "kubectl cordon", Node.class, "spec: {podCIDR: 10.244.0.0/24}", "spec: {unschedulable: true}", "spec: {podCIDR: 10.244.0.0/24, unschedulable: true}"),
        Arguments.of(
            "kubectl taint replaces the taint list",
            Node.class,
            "spec: {taints: [{key: a, effect: NoSchedule}]}",
            "spec: {taints: [{key: a, effect: NoSchedule}, {key: b, effect: NoExecute}]}",
            "spec: {taints: [{key: a, effect: NoSchedule}, {key: b, effect: NoExecute}]}"),
        Arguments.of(
            "a kubelet status patch merges conditions by type",
            Node.class,
            """
            status:
              conditions:
              - {type: MemoryPressure, status: 'False'}
              - {type: Ready, status: 'False', reason: KubeletNotReady}
              addresses: [{type: InternalIP, address: 10.0.0.5}, {type: Hostname, address: n1}]
            """,
            """
            status:
              $setElementOrder/conditions: [{type: MemoryPressure}, {type: Ready}]
              conditions: [{type: Ready, status: 'True', reason: KubeletReady}]
            """,
            """
            status:
              conditions:
              - {type: MemoryPressure, status: 'False'}
              - {type: Ready, status: 'True', reason: KubeletReady}
              addresses: [{type: InternalIP, address: 10.0.0.5}, {type: Hostname, address: n1}]
            """),
        Arguments.of(
            "service ports are merged by port",
            Service.class,
            "spec: {ports: [{port: 80, targetPort: 8080, protocol: TCP}, {port: 443, protocol: TCP}]}",
            "spec: {$setElementOrder/ports: [{port: 80}, {port: 443}], ports: [{port: 80, targetPort: 9090}]}",
            "spec: {ports: [{port: 80, targetPort: 9090, protocol: TCP}, {port: 443, protocol: TCP}]}"),
        Arguments.of(
            "a disruption budget's selector is replaced, not merged",
            PodDisruptionBudget.class,
            "spec: {minAvailable: 1, selector: {matchLabels: {app: web, tier: fe}}}",
            "spec: {selector: {matchLabels: {app: api}}}",
            "spec: {minAvailable: 1, selector: {matchLabels: {app: api}}}"),
        Arguments.of(
            "a deployment strategy switched to Recreate drops rollingUpdate with $retainKeys",
            Deployment.class,
            "spec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}}",
            "spec: {strategy: {$retainKeys: [type], type: Recreate}}",
            "spec: {strategy: {type: Recreate}}"),
        Arguments.of(
            "kubectl rollout undo of a daemon set replaces the template",
            DaemonSet.class,
            """
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}, annotations: {restarted: 'yes'}}
                spec: {containers: [{name: agent, image: 'agent:2', env: [{name: A, value: '1'}]}], dnsPolicy: ClusterFirst}
            """,
            """
            spec:
              template:
                $patch: replace
                metadata: {labels: {app: agent}}
                spec: {containers: [{name: agent, image: 'agent:1'}]}
            """,
            """
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec: {containers: [{name: agent, image: 'agent:1'}]}
            """),
        Arguments.of(
            "a pod status patch merges podIPs by ip",
            Pod.class,
            "status: {phase: Pending, podIPs: [{ip: 10.1.0.4}]}",
            "status: {phase: Running, $setElementOrder/podIPs: [{ip: 10.1.0.4}, {ip: 'fd00::4'}], podIPs: [{ip: 'fd00::4'}]}",
            "status: {phase: Running, podIPs: [{ip: 10.1.0.4}, {ip: 'fd00::4'}]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patches")
  void appliesPatches(String name, Class<?> type, String current, String patch, String expected) {
    JsonNode original = yaml(current);
    JsonNode before = original.deepCopy();

    JsonNode result = PATCH.apply(type, original, body(patch));

    assertThat(result).isEqualTo(yaml(expected));
    assertThat(original).as("the stored object is not changed").isEqualTo(before);
  }
}
