package dev.ketch.apiserver.table;

import static dev.ketch.apiserver.table.Fixtures.printed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Core v1 rows other than pods against what kubectl prints; "now" is 2024-05-01T12:00:00Z. */
class CoreTableTest {

  static Stream<Arguments> objects() {
    return Stream.of(
        arguments("cluster IP service", "services", """
            metadata: {name: kubernetes, namespace: default, creationTimestamp: "2024-03-17T12:00:00Z"}
            spec:
              type: ClusterIP
              clusterIP: 10.96.0.1
              clusterIPs: [10.96.0.1]
              ports: [{name: https, port: 443, protocol: TCP, targetPort: 6443}]
            """, List.of("kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "45d", "<none>")),
        arguments("node port service", "services", """
            metadata: {name: web, namespace: shop, creationTimestamp: "2024-05-01T11:55:00Z"}
            spec:
              type: NodePort
              clusterIP: 10.96.12.34
              clusterIPs: [10.96.12.34]
              selector: {app: web, tier: frontend}
              ports:
              - {name: http, port: 80, protocol: TCP, targetPort: 8080, nodePort: 30080}
              - {name: https, port: 443, protocol: TCP, targetPort: 8443, nodePort: 30443}
            """, List.of("web", "NodePort", "10.96.12.34", "<none>", "80:30080/TCP,443:30443/TCP", "5m", "app=web,tier=frontend")),
        arguments("load balancer still pending", "services", """
            metadata: {name: shop-lb, namespace: shop, creationTimestamp: "2024-05-01T11:59:00Z"}
            spec:
              type: LoadBalancer
              clusterIP: 10.96.50.1
              clusterIPs: [10.96.50.1]
              selector: {app: shop}
              ports: [{port: 80, protocol: TCP, nodePort: 31000}, {port: 53, protocol: UDP, nodePort: 31053}]
            """, List.of("shop-lb", "LoadBalancer", "10.96.50.1", "<pending>", "80:31000/TCP,53:31053/UDP", "60s", "app=shop")),
        arguments("load balancer with addresses, sorted, and external IPs after them", "services", """
            metadata: {name: edge, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              type: LoadBalancer
              clusterIPs: [10.96.50.2]
              externalIPs: [198.51.100.7]
              ports: [{port: 443, protocol: TCP, nodePort: 31443}]
            status:
              loadBalancer:
                ingress: [{ip: 203.0.113.20}, {hostname: lb.example.com}, {ip: 203.0.113.10}]
            """, List.of("edge", "LoadBalancer", "10.96.50.2", "203.0.113.10,203.0.113.20,lb.example.com,198.51.100.7",
            "443:31443/TCP", "60m", "<none>")),
        arguments("headless service", "services", """
            metadata: {name: db, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec:
              clusterIP: None
              clusterIPs: [None]
              selector: {app: db}
              ports: [{port: 5432}]
            """, List.of("db", "ClusterIP", "None", "<none>", "5432/TCP", "60m", "app=db")),
        arguments("external name service", "services", """
            metadata: {name: search, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec: {type: ExternalName, externalName: search.example.com}
            """, List.of("search", "ExternalName", "<none>", "search.example.com", "<none>", "60m", "<none>")),
        arguments("cluster IP service with external IPs", "services", """
            metadata: {name: ext, namespace: shop, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec: {clusterIP: 10.96.7.7, externalIPs: [192.0.2.1, 192.0.2.2], ports: [{port: 8080, protocol: TCP}]}
            """, List.of("ext", "ClusterIP", "10.96.7.7", "192.0.2.1,192.0.2.2", "8080/TCP", "60m", "<none>")),
        arguments("ready node", "nodes", """
            metadata:
              name: cp-1
              creationTimestamp: "2024-03-02T12:00:00Z"
              labels: {node-role.kubernetes.io/control-plane: "", node-role.kubernetes.io/master: "", kubernetes.io/hostname: cp-1}
            status:
              conditions:
              - {type: MemoryPressure, status: "False"}
              - {type: Ready, status: "True"}
              addresses: [{type: InternalIP, address: 192.168.1.10}, {type: Hostname, address: cp-1}]
              nodeInfo:
                kubeletVersion: v1.32.0
                osImage: Debian GNU/Linux 12 (bookworm)
                kernelVersion: 6.1.0-18-amd64
                containerRuntimeVersion: containerd://1.6.20
            """, List.of("cp-1", "Ready", "control-plane,master", "60d", "v1.32.0", "192.168.1.10", "<none>",
            "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "containerd://1.6.20")),
        arguments("cordoned node that is not ready", "nodes", """
            metadata:
              name: worker-2
              creationTimestamp: "2024-04-30T12:00:00Z"
              labels: {kubernetes.io/role: worker}
            spec: {unschedulable: true}
            status:
              conditions: [{type: Ready, status: "Unknown", reason: NodeStatusUnknown}]
              addresses: [{type: ExternalIP, address: 203.0.113.5}, {type: InternalIP, address: 10.0.0.12}]
              nodeInfo: {kubeletVersion: v1.31.4}
            """, List.of("worker-2", "NotReady,SchedulingDisabled", "worker", "24h", "v1.31.4", "10.0.0.12", "203.0.113.5",
            "<unknown>", "<unknown>", "<unknown>")),
        arguments("cordoned ready node", "nodes", """
            metadata: {name: worker-3, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec: {unschedulable: true}
            status: {conditions: [{type: Ready, status: "True"}], nodeInfo: {kubeletVersion: v1.32.0}}
            """, List.of("worker-3", "Ready,SchedulingDisabled", "<none>", "24h", "v1.32.0", "<none>", "<none>",
            "<unknown>", "<unknown>", "<unknown>")),
        arguments("node that never reported", "nodes", """
            metadata: {name: new-node, creationTimestamp: "2024-05-01T11:59:30Z"}
            """, List.of("new-node", "Unknown", "<none>", "30s", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>")),
        arguments("endpoints", "endpoints", """
            metadata: {name: web, namespace: shop, creationTimestamp: "2024-05-01T11:55:00Z"}
            subsets:
            - addresses: [{ip: 10.244.1.5}, {ip: 10.244.2.6}]
              ports: [{name: http, port: 8080, protocol: TCP}]
            """, List.of("web", "10.244.1.5:8080,10.244.2.6:8080", "5m")),
        arguments("endpoints beyond three, IPv6 bracketed", "endpoints", """
            metadata: {name: big, namespace: shop, creationTimestamp: "2024-05-01T11:55:00Z"}
            subsets:
            - addresses: [{ip: "fd00::1"}, {ip: 10.0.0.2}]
              ports: [{port: 80}, {port: 443}]
            """, List.of("big", "[fd00::1]:80,10.0.0.2:80,[fd00::1]:443 + 1 more...", "5m")),
        arguments("endpoints of a headless service without ports", "endpoints", """
            metadata: {name: db, namespace: shop, creationTimestamp: "2024-05-01T11:55:00Z"}
            subsets: [{addresses: [{ip: 10.244.1.9}]}]
            """, List.of("db", "10.244.1.9", "5m")),
        arguments("endpoints without subsets", "endpoints", """
            metadata: {name: none, namespace: shop, creationTimestamp: "2024-05-01T11:55:00Z"}
            """, List.of("none", "<none>", "5m")),
        arguments("active namespace", "namespaces", """
            metadata: {name: shop, creationTimestamp: "2024-04-01T12:00:00Z"}
            status: {phase: Active}
            """, List.of("shop", "Active", "30d")),
        arguments("terminating namespace", "namespaces", """
            metadata: {name: old, creationTimestamp: "2024-04-01T12:00:00Z", deletionTimestamp: "2024-05-01T11:59:00Z"}
            status: {phase: Terminating}
            """, List.of("old", "Terminating", "30d")),
        arguments("config map counts data and binary data", "configmaps", """
            metadata: {name: kube-root-ca.crt, namespace: shop, creationTimestamp: "2024-04-01T12:00:00Z"}
            data: {ca.crt: "-----BEGIN CERTIFICATE-----", extra: x}
            binaryData: {blob: AAEC}
            """, List.of("kube-root-ca.crt", "3", "30d")),
        arguments("TLS secret", "secrets", """
            metadata: {name: web-tls, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            type: kubernetes.io/tls
            data: {tls.crt: AAAA, tls.key: BBBB}
            """, List.of("web-tls", "kubernetes.io/tls", "2", "24h")),
        arguments("secret without a type is Opaque", "secrets", """
            metadata: {name: creds, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            """, List.of("creds", "Opaque", "0", "24h")),
        arguments("service account", "serviceaccounts", """
            metadata: {name: default, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            """, List.of("default", "0", "24h")),
        arguments("bound persistent volume", "persistentvolumes", """
            metadata: {name: pv-data, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec:
              capacity: {storage: 10Gi}
              accessModes: [ReadWriteMany, ReadWriteOnce]
              persistentVolumeReclaimPolicy: Delete
              storageClassName: fast
              claimRef: {namespace: shop, name: data-db-0}
              hostPath: {path: /srv/data}
            status: {phase: Bound}
            """, List.of("pv-data", "10Gi", "RWO,RWX", "Delete", "Bound", "shop/data-db-0", "fast", "<unset>", "", "24h",
            "Filesystem")),
        arguments("released volume being deleted", "persistentvolumes", """
            metadata:
              name: pv-old
              creationTimestamp: "2024-04-30T12:00:00Z"
              deletionTimestamp: "2024-05-01T11:59:00Z"
              annotations: {volume.beta.kubernetes.io/storage-class: slow}
            spec: {capacity: {storage: 500Mi}, accessModes: [ReadOnlyMany], volumeMode: Block}
            status: {phase: Released, reason: Failed}
            """, List.of("pv-old", "500Mi", "ROX", "Retain", "Terminating", "", "slow", "<unset>", "Failed", "24h", "Block")),
        arguments("bound claim", "persistentvolumeclaims", """
            metadata: {name: data-db-0, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 8Gi}}
              storageClassName: fast
              volumeName: pv-data
            status: {phase: Bound, accessModes: [ReadWriteOnce], capacity: {storage: 10Gi}}
            """, List.of("data-db-0", "Bound", "pv-data", "10Gi", "RWO", "fast", "<unset>", "24h", "Filesystem")),
        arguments("pending claim", "persistentvolumeclaims", """
            metadata: {name: data-db-1, namespace: shop, creationTimestamp: "2024-05-01T11:58:00Z"}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 8Gi}}, volumeAttributesClassName: gold}
            status: {phase: Pending}
            """, List.of("data-db-1", "Pending", "", "", "", "", "gold", "2m", "Filesystem")),
        arguments("resource quota splits requests and limits", "resourcequotas", """
            metadata: {name: compute, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec: {hard: {pods: "10", requests.cpu: "4", limits.cpu: "8", limits.memory: 16Gi}}
            status:
              hard: {pods: "10", requests.cpu: "4", limits.cpu: "8", limits.memory: 16Gi}
              used: {pods: "3", requests.cpu: 1500m, limits.cpu: "3"}
            """, List.of("compute", "pods: 3/10, requests.cpu: 1500m/4", "limits.cpu: 3/8, limits.memory: 0/16Gi", "24h")),
        arguments("event of a pod", "events", """
            metadata: {name: web-7d9c5.17c8a4f2e0b1c3d4, namespace: shop, creationTimestamp: "2024-05-01T11:50:00Z"}
            involvedObject: {kind: Pod, namespace: shop, name: web-7d9c5, apiVersion: v1, fieldPath: "spec.containers{nginx}"}
            reason: BackOff
            message: "Back-off restarting failed container nginx in pod web-7d9c5_shop\\n"
            source: {component: kubelet, host: worker-1}
            firstTimestamp: "2024-05-01T11:50:00Z"
            lastTimestamp: "2024-05-01T11:58:00Z"
            count: 7
            type: Warning
            """, List.of("2m", "Warning", "BackOff", "pod/web-7d9c5", "spec.containers{nginx}", "kubelet, worker-1",
            "Back-off restarting failed container nginx in pod web-7d9c5_shop", "10m", "7", "web-7d9c5.17c8a4f2e0b1c3d4")),
        arguments("event of the new API with a series", "events", """
            metadata: {name: node-1.abc, namespace: default, creationTimestamp: "2024-05-01T11:00:00Z"}
            involvedObject: {kind: Node, name: node-1}
            reason: Starting
            message: Starting kubelet.
            eventTime: "2024-05-01T11:00:00.000000Z"
            series: {count: 4, lastObservedTime: "2024-05-01T11:59:30.000000Z"}
            reportingComponent: kubelet
            reportingInstance: node-1
            type: Normal
            """, List.of("30s", "Normal", "Starting", "node/node-1", "", "kubelet, node-1", "Starting kubelet.", "60m", "4",
            "node-1.abc")),
        arguments("singleton event without count or object name", "events", """
            metadata: {name: ns.x, namespace: default}
            involvedObject: {kind: Namespace}
            reason: Created
            eventTime: "2024-05-01T11:59:00.000000Z"
            type: Normal
            """, List.of("60s", "Normal", "Created", "namespace", "", "", "", "60s", "1", "ns.x")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void printsCoreObjectsAsKubectlShowsThem(String name, String plural, String yaml, List<String> expected) {
    assertThat(printed("v1", plural, yaml)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> eventsV1() {
    return Stream.of(
        arguments("events.k8s.io event read as the core form", """
            metadata: {name: web.123, namespace: shop, creationTimestamp: "2024-05-01T11:50:00Z"}
            regarding: {kind: Deployment, name: web, namespace: shop}
            reason: ScalingReplicaSet
            note: "Scaled up replica set web-7d9c5 to 3 "
            eventTime: "2024-05-01T11:50:00.000000Z"
            reportingController: deployment-controller
            reportingInstance: ""
            deprecatedSource: {component: deployment-controller}
            deprecatedFirstTimestamp: "2024-05-01T11:50:00Z"
            deprecatedLastTimestamp: "2024-05-01T11:55:00Z"
            deprecatedCount: 2
            type: Normal
            """, List.of("5m", "Normal", "ScalingReplicaSet", "deployment/web", "", "deployment-controller",
            "Scaled up replica set web-7d9c5 to 3", "10m", "2", "web.123")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventsV1")
  void printsEventsOfTheEventsGroupLikeCoreEvents(String name, String yaml, List<String> expected) {
    assertThat(printed("events.k8s.io/v1", "events", yaml)).containsExactlyElementsOf(expected);
  }
}
