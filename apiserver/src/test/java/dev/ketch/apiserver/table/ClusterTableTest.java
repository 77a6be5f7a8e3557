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

/** Networking, storage, scheduling, coordination, RBAC and default rows; "now" is 2024-05-01T12:00:00Z. */
class ClusterTableTest {

  static Stream<Arguments> objects() {
    return Stream.of(
        arguments("lease held by a node", "coordination.k8s.io/v1", "leases", """
            metadata: {name: worker-1, namespace: kube-node-lease, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec: {holderIdentity: worker-1, leaseDurationSeconds: 40}
            """, List.of("worker-1", "worker-1", "24h")),
        arguments("lease without holder", "coordination.k8s.io/v1", "leases", """
            metadata: {name: free, namespace: kube-system, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec: {}
            """, List.of("free", "", "24h")),
        arguments("endpoint slice", "discovery.k8s.io/v1", "endpointslices", """
            metadata: {name: web-abc12, namespace: shop, creationTimestamp: "2024-05-01T11:55:00Z"}
            addressType: IPv4
            ports: [{name: http, port: 8080, protocol: TCP}]
            endpoints:
            - addresses: [10.244.1.5]
            - addresses: [10.244.2.6]
            """, List.of("web-abc12", "IPv4", "8080", "10.244.1.5,10.244.2.6", "5m")),
        arguments("endpoint slice beyond three, unnamed and named ports", "discovery.k8s.io/v1", "endpointslices", """
            metadata: {name: big-x, namespace: shop, creationTimestamp: "2024-05-01T11:55:00Z"}
            addressType: IPv6
            ports: [{name: a}, {}, {port: 1}, {port: 2}, {port: 3}]
            endpoints:
            - addresses: ["fd00::1", "fd00::2", "fd00::3", "fd00::4"]
            """, List.of("big-x", "IPv6", "a,*,1 + 2 more...", "fd00::1,fd00::2,fd00::3 + 1 more...", "5m")),
        arguments("empty endpoint slice", "discovery.k8s.io/v1", "endpointslices", """
            metadata: {name: empty, namespace: shop, creationTimestamp: "2024-05-01T11:55:00Z"}
            addressType: IPv4
            """, List.of("empty", "IPv4", "<unset>", "<unset>", "5m")),
        arguments("priority class", "scheduling.k8s.io/v1", "priorityclasses", """
            metadata: {name: system-node-critical, creationTimestamp: "2024-03-17T12:00:00Z"}
            value: 2000001000
            globalDefault: false
            preemptionPolicy: PreemptLowerPriority
            """, List.of("system-node-critical", "2000001000", "false", "45d", "PreemptLowerPriority")),
        arguments("default priority class without policy", "scheduling.k8s.io/v1", "priorityclasses", """
            metadata: {name: normal, creationTimestamp: "2024-03-17T12:00:00Z"}
            value: 1000
            globalDefault: true
            """, List.of("normal", "1000", "true", "45d", "PreemptLowerPriority")),
        arguments("ingress with TLS", "networking.k8s.io/v1", "ingresses", """
            metadata: {name: shop, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec:
              ingressClassName: nginx
              tls: [{hosts: [shop.example.com], secretName: shop-tls}]
              rules:
              - host: shop.example.com
              - host: api.example.com
            status: {loadBalancer: {ingress: [{ip: 203.0.113.9}]}}
            """, List.of("shop", "nginx", "shop.example.com,api.example.com", "203.0.113.9", "80, 443", "24h")),
        arguments("ingress without class, hosts or address", "networking.k8s.io/v1", "ingresses", """
            metadata: {name: catch-all, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}
            """, List.of("catch-all", "<none>", "*", "", "80", "24h")),
        arguments("ingress with more than three rules", "networking.k8s.io/v1", "ingresses", """
            metadata: {name: many, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec:
              rules: [{host: a.example}, {host: b.example}, {}, {host: c.example}, {host: d.example}]
            """, List.of("many", "<none>", "a.example,b.example,c.example + 2 more...", "", "80", "24h")),
        arguments("network policy", "networking.k8s.io/v1", "networkpolicies", """
            metadata: {name: db-only, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec: {podSelector: {matchLabels: {app: db}}, policyTypes: [Ingress]}
            """, List.of("db-only", "app=db", "24h")),
        arguments("network policy selecting every pod", "networking.k8s.io/v1", "networkpolicies", """
            metadata: {name: deny-all, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            spec: {podSelector: {}}
            """, List.of("deny-all", "<none>", "24h")),
        arguments("default storage class", "storage.k8s.io/v1", "storageclasses", """
            metadata:
              name: local-path
              creationTimestamp: "2024-03-17T12:00:00Z"
              annotations: {storageclass.kubernetes.io/is-default-class: "true"}
            provisioner: rancher.io/local-path
            reclaimPolicy: Delete
            volumeBindingMode: WaitForFirstConsumer
            """, List.of("local-path (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", "false", "45d")),
        arguments("storage class with defaults left out", "storage.k8s.io/v1", "storageclasses", """
            metadata: {name: fast, creationTimestamp: "2024-03-17T12:00:00Z"}
            provisioner: ebs.csi.aws.com
            allowVolumeExpansion: true
            """, List.of("fast", "ebs.csi.aws.com", "Delete", "Immediate", "true", "45d")),
        arguments("role binding", "rbac.authorization.k8s.io/v1", "rolebindings", """
            metadata: {name: devs-edit, namespace: shop, creationTimestamp: "2024-04-30T12:00:00Z"}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects:
            - {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
            - {kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}
            - {kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}
            - {kind: ServiceAccount, name: ci, namespace: tools}
            """, List.of("devs-edit", "ClusterRole/edit", "24h", "alice, bob", "devs", "tools/ci")),
        arguments("cluster role binding", "rbac.authorization.k8s.io/v1", "clusterrolebindings", """
            metadata: {name: cluster-admin, creationTimestamp: "2024-03-17T12:00:00Z"}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects: [{kind: Group, name: "system:masters", apiGroup: rbac.authorization.k8s.io}]
            """, List.of("cluster-admin", "ClusterRole/cluster-admin", "45d", "", "system:masters", "")),
        arguments("role: upstream's default, Name and Created At", "rbac.authorization.k8s.io/v1", "roles", """
            metadata: {name: pod-reader, namespace: shop, creationTimestamp: "2024-04-30T12:34:56Z"}
            rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
            """, List.of("pod-reader", "2024-04-30T12:34:56Z")),
        arguments("cluster role: default convertor", "rbac.authorization.k8s.io/v1", "clusterroles", """
            metadata: {name: view, creationTimestamp: "2024-03-17T12:00:00.000000Z"}
            """, List.of("view", "2024-03-17T12:00:00Z")),
        arguments("limit range: default convertor, no creation time", "v1", "limitranges", """
            metadata: {name: limits, namespace: shop}
            """, List.of("limits", "0001-01-01T00:00:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void printsAsKubectlShowsThem(String name, String apiVersion, String plural, String yaml, List<String> expected) {
    assertThat(printed(apiVersion, plural, yaml)).containsExactlyElementsOf(expected);
  }

  @Test
  void booleanAndIntegerCellsKeepTheirJsonTypes() {
    List<Object> pc = cells("scheduling.k8s.io/v1", "priorityclasses", "metadata: {name: p}\nvalue: 5\n");
    assertThat(pc.get(1)).isEqualTo(5L);
    assertThat(pc.get(2)).isEqualTo(false);
    List<Object> sc = cells("storage.k8s.io/v1", "storageclasses", "metadata: {name: s}\nprovisioner: x\n");
    assertThat(sc.get(4)).isEqualTo(false);
  }
}
