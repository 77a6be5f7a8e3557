package dev.ketch.apiserver.registry.strategy;

import static dev.ketch.apiserver.registry.strategy.Fixtures.at;
import static dev.ketch.apiserver.registry.strategy.Fixtures.shown;
import static dev.ketch.apiserver.registry.strategy.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.apiserver.resource.ResourceCatalog;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoreStrategiesTest {

  @Test
  void everyBuiltInResourceHasAStrategy() {
    BuiltInStrategies strategies = new BuiltInStrategies();
    assertThat(ResourceCatalog.builtIn().all()).filteredOn(t -> t.stored())
        .allSatisfy(t -> assertThat(strategies.covers(t)).as(t.toString()).isTrue());
  }

  private static Service service(String spec) {
    Service s = yaml("metadata: {name: web, namespace: default}\nspec: " + spec, Service.class);
    new ServiceStrategy().applyDefaults(s);
    new ServiceStrategy().prepareForCreate(s);
    return s;
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "spec.type, ClusterIP",
    "spec.sessionAffinity, None",
    "spec.ports[0].protocol, TCP",
    "spec.ports[0].targetPort, 8080",
    "spec.internalTrafficPolicy, Cluster",
    "spec.externalTrafficPolicy, <missing>",
  })
  void serviceDefaults(String path, String expected) {
    assertThat(at(service("{ports: [{port: 8080}]}"), path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "{type: NodePort, ports: [{port: 80}]}|",
    "{selector: {app: web}}|spec.ports: Required value",
    "{clusterIP: None}|",
    "{type: ClusterIP, ports: [{port: 80, nodePort: 30080}]}|spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    "{type: Magic, ports: [{port: 80}]}|spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
    "{ports: [{port: 80}, {port: 81}]}|spec.ports[0].name: Required value",
    "{type: ExternalName}|spec.externalName: Required value",
    "{ports: [{port: 0}]}|spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
    "{clusterIPs: [null], ports: [{port: 80}]}|spec.clusterIPs: Invalid value: []string{\"\"}: must be empty when `clusterIP` is not specified",
    "{ports: [null]}|spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
  })
  void serviceValidation(String spec, String expected) {
    var causes = shown(new ServiceStrategy().validate(service(spec)));
    if (expected == null) {
      assertThat(causes).isEmpty();
    } else {
      assertThat(causes).contains(expected);
    }
  }

  @Test
  void serviceNamesAreDns1035Labels() {
    assertThat(new ServiceStrategy().validateName("1web")).isNotEmpty();
    assertThat(new ServiceStrategy().validateName("web")).isEmpty();
  }

  @Test
  void clusterIpMayNotChange() {
    Service old = service("{clusterIP: 10.43.0.5, clusterIPs: [10.43.0.5], ports: [{port: 80}]}");
    Service now = service("{clusterIP: 10.43.0.6, ports: [{port: 80}]}");
    ServiceStrategy s = new ServiceStrategy();
    s.prepareForUpdate(now, old);
    assertThat(shown(s.validateUpdate(now, old))).containsExactly(
        "spec.clusterIPs[0]: Invalid value: []string{\"10.43.0.6\"}: may not change once set");
  }

  @ParameterizedTest(name = "key {0}")
  @CsvSource(delimiter = '|', value = {
    "app.properties|",
    "bad key|data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
        + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    "..x|data[..x]: Invalid value: \"..x\": must not start with '..'",
  })
  void configMapKeys(String key, String expected) {
    ConfigMap cm = new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
        .withData(Map.of(key, "v")).build();
    var causes = shown(new ConfigMapStrategy().validate(cm));
    if (expected == null) {
      assertThat(causes).isEmpty();
    } else {
      assertThat(causes).containsExactly(expected);
    }
  }

  @Test
  void configMapSizeAndImmutability() {
    ConfigMapStrategy s = new ConfigMapStrategy();
    ConfigMap big = new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
        .withData(Map.of("k", "x".repeat(Formats.MAX_CONFIG_SIZE + 1))).build();
    assertThat(shown(s.validate(big))).containsExactly(": Too long: may not be more than 1048576 bytes");
    ConfigMap old = new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
        .withImmutable(true).withData(Map.of("k", "1")).build();
    ConfigMap now = new io.fabric8.kubernetes.api.model.ConfigMapBuilder(old).withData(Map.of("k", "2")).build();
    assertThat(shown(s.validateUpdate(now, old))).containsExactly("data: Forbidden: field is immutable when `immutable` is set");
  }

  @Test
  void secretStringDataBecomesDataAndTypeDefaults() {
    Secret s = yaml("metadata: {name: s}\nstringData: {password: hunter2}", Secret.class);
    new SecretStrategy().applyDefaults(s);
    assertThat(s.getType()).isEqualTo("Opaque");
    assertThat(s.getData()).containsEntry("password", "aHVudGVyMg==");
    assertThat(s.getStringData()).isNullOrEmpty();
    Secret tls = yaml("metadata: {name: t}\ntype: kubernetes.io/tls\ndata: {tls.crt: eA==}", Secret.class);
    assertThat(shown(new SecretStrategy().validate(tls))).containsExactly("data[tls.key]: Required value");
  }

  @Test
  void namespaceCreateAddsFinalizerPhaseAndLabel() {
    Namespace ns = yaml("metadata: {name: apps}", Namespace.class);
    NamespaceStrategy s = new NamespaceStrategy();
    s.applyDefaults(ns);
    s.prepareForCreate(ns);
    assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
    assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
    assertThat(ns.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "apps");
    assertThat(s.validateName("Apps")).isNotEmpty();
  }

  @Test
  void pvcSpecIsImmutableExceptGrowingStorage() {
    String yaml = "metadata: {name: data, namespace: default}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: %s}}}\n"
        + "status: {phase: Bound}";
    var s = new VolumeStrategies.PersistentVolumeClaimStrategy();
    PersistentVolumeClaim old = yaml(yaml.formatted("1Gi"), PersistentVolumeClaim.class);
    s.applyDefaults(old);
    PersistentVolumeClaim grown = yaml(yaml.formatted("2Gi"), PersistentVolumeClaim.class);
    s.applyDefaults(grown);
    assertThat(old.getSpec().getVolumeMode()).isEqualTo("Filesystem");
    assertThat(s.validateUpdate(grown, old)).isEmpty();
    PersistentVolumeClaim other = yaml(yaml.formatted("1Gi"), PersistentVolumeClaim.class);
    s.applyDefaults(other);
    other.getSpec().setStorageClassName("fast");
    assertThat(shown(s.validateUpdate(other, old))).containsExactly(
        "spec: Forbidden: spec is immutable after creation except resources.requests for bound claims");
  }

  @Test
  void smallerDefaults() {
    PriorityClass pc = yaml("metadata: {name: p}\nvalue: 10", PriorityClass.class);
    new PolicyStrategies.PriorityClassStrategy().applyDefaults(pc);
    assertThat(pc.getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
    StorageClass sc = yaml("metadata: {name: local}\nprovisioner: rancher.io/local-path", StorageClass.class);
    new PolicyStrategies.StorageClassStrategy().applyDefaults(sc);
    assertThat(sc.getReclaimPolicy()).isEqualTo("Delete");
    assertThat(sc.getVolumeBindingMode()).isEqualTo("Immediate");
    NetworkPolicy np = yaml("metadata: {name: n, namespace: default}\nspec: {podSelector: {}, egress: [{}]}", NetworkPolicy.class);
    new NetworkingStrategies.NetworkPolicyStrategy().applyDefaults(np);
    assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
  }

  @Test
  void reservedPriorityClassNames() {
    PriorityClass pc = yaml("metadata: {name: system-mine}\nvalue: 10", PriorityClass.class);
    assertThat(shown(new PolicyStrategies.PriorityClassStrategy().validate(pc))).containsExactly(
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. "
            + "error: priority class system-mine is not known to the system");
  }
}
