package dev.ketch.kubelet.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.kubelet.env.EnvironmentBuilder.PodPlacement;
import dev.ketch.kubelet.runtime.KeyValue;
import dev.ketch.kubelet.testing.InMemoryObjects;
import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentBuilderTest {

  private final InMemoryObjects objects = new InMemoryObjects();
  private final EnvironmentBuilder builder = new EnvironmentBuilder(objects);
  private final PodPlacement placement = new PodPlacement("172.16.0.2", "10.64.0.5", List.of("10.64.0.5"),
      Map.of("cpu", new Quantity("32"), "memory", new Quantity("256Gi")));

  private Map<String, String> env(Pod pod) throws ContainerConfigException {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue kv : builder.build(pod, pod.getSpec().getContainers().getFirst(), placement)) {
      out.put(kv.key(), kv.value());
    }
    return out;
  }

  private static Pod podWith(Container c) {
    Pod pod = TestPods.pod("web").namespace("shop").container(c).build();
    pod.getMetadata().setLabels(Map.of("app", "web"));
    return pod;
  }

  @Test
  void envFromThenEnvWithExpansionAndOverride() throws Exception {
    objects.configMap("shop", "settings", Map.of("MODE", "fast", "LEVEL", "3"));
    objects.secret("shop", "creds", Map.of("TOKEN", "s3cret"));
    Container c = TestPods.containerSpec("app", "nginx")
        .withEnvFrom(new EnvFromSourceBuilder().withNewConfigMapRef().withName("settings").endConfigMapRef().build(),
            new EnvFromSourceBuilder().withPrefix("SECRET_").withNewSecretRef().withName("creds").endSecretRef().build())
        .withEnv(new EnvVarBuilder().withName("MODE").withValue("slow").build(),
            new EnvVarBuilder().withName("URL").withValue("http://$(HOST):$(PORT)/$(MODE)").build())
        .build();

    Map<String, String> env = env(podWith(c));

    assertThat(env).containsEntry("MODE", "slow").containsEntry("LEVEL", "3").containsEntry("SECRET_TOKEN", "s3cret")
        .containsEntry("URL", "http://$(HOST):$(PORT)/slow");
  }

  @Test
  void downwardApiFieldsAndResources() throws Exception {
    Container c = TestPods.containerSpec("app", "nginx")
        .withNewResources().addToLimits("memory", new Quantity("64Mi")).addToRequests("cpu", new Quantity("250m")).endResources()
        .withEnv(field("NAME", "metadata.name"), field("NS", "metadata.namespace"), field("APP", "metadata.labels['app']"),
            field("NODE", "spec.nodeName"), field("POD_IP", "status.podIP"), field("HOST_IP", "status.hostIP"),
            resource("MEM_LIMIT", "limits.memory", "1Mi"), resource("CPU_REQUEST", "requests.cpu", "1"),
            resource("CPU_LIMIT", "limits.cpu", "1"))
        .build();

    Map<String, String> env = env(podWith(c));

    assertThat(env).containsEntry("NAME", "web").containsEntry("NS", "shop").containsEntry("APP", "web")
        .containsEntry("NODE", "node-a").containsEntry("POD_IP", "10.64.0.5").containsEntry("HOST_IP", "172.16.0.2")
        .containsEntry("MEM_LIMIT", "64").containsEntry("CPU_REQUEST", "1").containsEntry("CPU_LIMIT", "32");
  }

  @Test
  void missingReferencesFailUnlessOptional() {
    Container missingMap = TestPods.containerSpec("app", "nginx").withEnv(new EnvVarBuilder().withName("X").withNewValueFrom()
        .withNewConfigMapKeyRef().withName("absent").withKey("k").endConfigMapKeyRef().endValueFrom().build()).build();
    assertThatThrownBy(() -> env(podWith(missingMap))).isInstanceOf(ContainerConfigException.class)
        .hasMessage("configmap \"absent\" not found");

    objects.configMap("shop", "present", Map.of("other", "v"));
    Container missingKey = TestPods.containerSpec("app", "nginx").withEnv(new EnvVarBuilder().withName("X").withNewValueFrom()
        .withNewConfigMapKeyRef().withName("present").withKey("k").endConfigMapKeyRef().endValueFrom().build()).build();
    assertThatThrownBy(() -> env(podWith(missingKey))).hasMessage("couldn't find key k in ConfigMap shop/present");

    Container missingSecret = TestPods.containerSpec("app", "nginx").withEnvFrom(new EnvFromSourceBuilder()
        .withNewSecretRef().withName("nope").endSecretRef().build()).build();
    assertThatThrownBy(() -> env(podWith(missingSecret))).hasMessage("secret \"nope\" not found");
  }

  @Test
  void optionalReferencesThatAreMissingAreLeftOut() throws Exception {
    Container c = TestPods.containerSpec("app", "nginx")
        .withEnv(new EnvVarBuilder().withName("X").withNewValueFrom().withNewSecretKeyRef().withName("absent").withKey("k")
            .withOptional(true).endSecretKeyRef().endValueFrom().build())
        .withEnvFrom(new EnvFromSourceBuilder().withNewConfigMapRef().withName("absent").withOptional(true).endConfigMapRef()
            .build())
        .build();

    assertThat(env(podWith(c))).isEmpty();
  }

  @Test
  void commandAndArgsExpandAgainstTheEnvironment() {
    List<KeyValue> env = List.of(new KeyValue("GREETING", "hello"));

    assertThat(EnvironmentBuilder.expand(List.of("echo", "$(GREETING) $(WHO)"), env)).containsExactly("echo", "hello $(WHO)");
  }

  private static io.fabric8.kubernetes.api.model.EnvVar field(String name, String path) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef()
        .endValueFrom().build();
  }

  private static io.fabric8.kubernetes.api.model.EnvVar resource(String name, String resource, String divisor) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewResourceFieldRef().withResource(resource)
        .withDivisor(new Quantity(divisor)).endResourceFieldRef().endValueFrom().build();
  }
}
