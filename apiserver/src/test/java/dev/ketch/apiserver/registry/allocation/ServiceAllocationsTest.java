package dev.ketch.apiserver.registry.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.registry.strategy.ServiceStrategy;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceAllocationsTest {

  private ClusterIpAllocator ips;
  private NodePortAllocator ports;
  private ServiceAllocations allocations;
  private final ServiceStrategy strategy = new ServiceStrategy();

  @BeforeEach
  void setUp() {
    ips = new ClusterIpAllocator("10.43.0.0/16", new Random(1));
    ports = new NodePortAllocator(30000, 32767, new Random(1));
    allocations = new ServiceAllocations(ips, ports);
  }

  private Service service(String yaml) {
    try {
      Service s = Json.yaml().readValue(yaml, Service.class);
      strategy.applyDefaults(s);
      strategy.prepareForCreate(s);
      return s;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Service nodePortService(String nodePort) {
    return service("""
        metadata: {name: web, namespace: default}
        spec:
          type: NodePort
          selector: {app: web}
          ports: [{port: 80%s}]
        """.formatted(nodePort.isEmpty() ? "" : ", nodePort: " + nodePort));
  }

  @Test
  void createAllocatesClusterIpFamiliesAndNodePorts() {
    Service svc = nodePortService("");
    ServiceAllocations.Transaction tx = allocations.forCreate(svc);
    tx.commit();
    assertThat(svc.getSpec().getClusterIP()).startsWith("10.43.");
    assertThat(svc.getSpec().getClusterIPs()).containsExactly(svc.getSpec().getClusterIP());
    assertThat(svc.getSpec().getIpFamilies()).containsExactly("IPv4");
    assertThat(svc.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
    int nodePort = svc.getSpec().getPorts().get(0).getNodePort();
    assertThat(ports.isAllocated(nodePort)).isTrue();
    assertThat(ips.isAllocated(svc.getSpec().getClusterIP())).isTrue();
    assertThat(strategy.validate(svc)).isEmpty();
  }

  @Test
  void headlessAndExternalNameServicesGetNoAddress() {
    Service headless = service("""
        metadata: {name: db, namespace: default}
        spec: {clusterIP: None, selector: {app: db}}
        """);
    allocations.forCreate(headless).commit();
    assertThat(headless.getSpec().getClusterIPs()).containsExactly("None");
    Service external = service("""
        metadata: {name: ext, namespace: default}
        spec: {type: ExternalName, externalName: example.com}
        """);
    allocations.forCreate(external).commit();
    assertThat(external.getSpec().getClusterIP()).isNull();
    assertThat(external.getSpec().getIpFamilies()).isEmpty();
    assertThat(ips.used()).isZero();
  }

  @Test
  void takenNodePortIsRefusedWithKubernetesWords() {
    allocations.forCreate(nodePortService("30080")).commit();
    Service second = nodePortService("30080");
    assertThatThrownBy(() -> allocations.forCreate(second))
        .isInstanceOf(StatusException.class)
        .hasMessage("Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated");
    // Nothing the failed request allocated stays allocated.
    assertThat(ips.used()).isEqualTo(1);
  }

  @Test
  void takenClusterIpIsRefused() {
    Service first = service("""
        metadata: {name: a, namespace: default}
        spec: {clusterIP: 10.43.0.10, ports: [{port: 53, protocol: UDP}]}
        """);
    allocations.forCreate(first).commit();
    Service second = service("""
        metadata: {name: b, namespace: default}
        spec: {clusterIP: 10.43.0.10, ports: [{port: 53, protocol: UDP}]}
        """);
    assertThatThrownBy(() -> allocations.forCreate(second)).hasMessage(
        "Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.43.0.10\"}: failed to allocate IP 10.43.0.10: "
            + "provided IP is already allocated");
  }

  @Test
  void rollbackFreesWhatTheTransactionAllocated() {
    Service svc = nodePortService("");
    allocations.forCreate(svc).rollback();
    assertThat(ips.used()).isZero();
    assertThat(ports.used()).isZero();
  }

  @Test
  void updateToClusterIpReleasesNodePortsOnCommitAndKeepsTheClusterIp() {
    Service old = nodePortService("30080");
    allocations.forCreate(old).commit();
    Service now = service("""
        metadata: {name: web, namespace: default}
        spec: {type: ClusterIP, selector: {app: web}, ports: [{port: 80, nodePort: 30080}]}
        """);
    strategy.prepareForUpdate(now, old);
    assertThat(now.getSpec().getClusterIP()).isEqualTo(old.getSpec().getClusterIP());
    assertThat(now.getSpec().getPorts().get(0).getNodePort()).isNull();
    ServiceAllocations.Transaction tx = allocations.forUpdate(now, old);
    assertThat(ports.isAllocated(30080)).isTrue();
    tx.commit();
    assertThat(ports.isAllocated(30080)).isFalse();
    assertThat(ips.isAllocated(now.getSpec().getClusterIP())).isTrue();
  }

  @Test
  void loadBalancerWithLocalPolicyGetsAHealthCheckPort() {
    Service lb = service("""
        metadata: {name: lb, namespace: default}
        spec: {type: LoadBalancer, externalTrafficPolicy: Local, ports: [{port: 443}]}
        """);
    allocations.forCreate(lb).commit();
    assertThat(lb.getSpec().getHealthCheckNodePort()).isBetween(30000, 32767);
    assertThat(ports.used()).isEqualTo(2);
    allocations.forDelete(lb).commit();
    assertThat(ports.used()).isZero();
    assertThat(ips.used()).isZero();
  }

  @Test
  void rebuildMarksStoredValuesAndReportsConflicts() {
    Service a = nodePortService("30080");
    a.getSpec().setClusterIP("10.43.1.1");
    a.getSpec().setClusterIPs(List.of("10.43.1.1"));
    Service b = nodePortService("30080");
    b.getMetadata().setName("b");
    b.getSpec().setClusterIP("10.99.0.1");
    b.getSpec().setClusterIPs(List.of("10.99.0.1"));
    var report = allocations.rebuild(List.of(a, b));
    assertThat(report.clusterIps()).isEqualTo(1);
    assertThat(report.nodePorts()).isEqualTo(1);
    assertThat(report.conflicts()).hasSize(2);
    assertThat(ips.isAllocated("10.43.1.1")).isTrue();
    assertThat(ports.isAllocated(30080)).isTrue();
  }
}
