package dev.ketch.apiserver.registry.strategy;

import static dev.ketch.apiserver.registry.strategy.Fixtures.at;
import static dev.ketch.apiserver.registry.strategy.Fixtures.pod;
import static dev.ketch.apiserver.registry.strategy.Fixtures.shown;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PodStrategyTest {

  private final PodStrategy strategy = new PodStrategy();

  private Pod defaulted(PodBuilder b) {
    Pod p = b.build();
    strategy.applyDefaults(p);
    return p;
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "spec.restartPolicy, Always",
    "spec.dnsPolicy, ClusterFirst",
    "spec.schedulerName, default-scheduler",
    "spec.terminationGracePeriodSeconds, 30",
    "spec.securityContext, {}",
    "spec.enableServiceLinks, true",
    "spec.containers[0].imagePullPolicy, IfNotPresent",
    "spec.containers[0].terminationMessagePath, /dev/termination-log",
    "spec.containers[0].terminationMessagePolicy, File",
    "spec.containers[0].ports[0].protocol, TCP",
    "spec.containers[0].resources.requests.cpu, 500m",
    "spec.containers[0].livenessProbe.timeoutSeconds, 1",
    "spec.containers[0].livenessProbe.periodSeconds, 10",
    "spec.containers[0].livenessProbe.successThreshold, 1",
    "spec.containers[0].livenessProbe.failureThreshold, 3",
    "spec.containers[0].livenessProbe.httpGet.path, /",
    "spec.containers[0].livenessProbe.httpGet.scheme, HTTP",
    "spec.volumes[0].emptyDir, {}",
    "spec.volumes[1].configMap.defaultMode, 420",
    "spec.serviceAccountName, <missing>",
  })
  void defaultsPodFields(String path, String expected) {
    Pod p = defaulted(pod().editSpec().editFirstContainer()
        .addNewPort().withContainerPort(80).endPort()
        .withNewResources().addToLimits("cpu", new Quantity("500m")).endResources()
        .withNewLivenessProbe().withNewHttpGet().withPort(new IntOrString(80)).endHttpGet().endLivenessProbe()
        .endContainer()
        .addNewVolume().withName("scratch").endVolume()
        .addNewVolume().withName("conf").withNewConfigMap().withName("c").endConfigMap().endVolume()
        .endSpec());
    assertThat(at(p, path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "image {0} pulls {1}")
  @CsvSource({
    "nginx, Always",
    "nginx:latest, Always",
    "nginx:1.27, IfNotPresent",
    "localhost:5000/nginx, Always",
    "localhost:5000/nginx:v1, IfNotPresent",
    "nginx@sha256:abcd, IfNotPresent",
  })
  void pullPolicyFollowsTheTag(String image, String policy) {
    assertThat(PodDefaults.pullPolicyFor(image)).isEqualTo(policy);
  }

  @Test
  void createStartsPendingWithQosClass() {
    Pod p = defaulted(pod().withNewStatus().withPhase("Running").withPodIP("1.2.3.4").endStatus());
    strategy.prepareForCreate(p);
    assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(p.getStatus().getPodIP()).isNull();
    assertThat(p.getStatus().getQosClass()).isEqualTo("BestEffort");
  }

  static Stream<Arguments> qos() {
    return Stream.of(
        Arguments.of("no resources", pod(), "BestEffort"),
        Arguments.of("limits equal requests", pod().editSpec().editFirstContainer().withNewResources()
            .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("1Gi")).endResources().endContainer().endSpec(), "Guaranteed"),
        Arguments.of("requests only", pod().editSpec().editFirstContainer().withNewResources()
            .addToRequests("cpu", new Quantity("100m")).endResources().endContainer().endSpec(), "Burstable"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("qos")
  void qosClass(String name, PodBuilder b, String expected) {
    Pod p = defaulted(b);
    strategy.prepareForCreate(p);
    assertThat(p.getStatus().getQosClass()).isEqualTo(expected);
  }

  static Stream<Arguments> invalidPods() {
    return Stream.of(
        Arguments.of("no containers", (UnaryOperator<PodBuilder>) b -> b.editSpec().withContainers().endSpec(),
            "spec.containers: Required value"),
        Arguments.of("container without image", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().withImage(null).endContainer().endSpec(),
            "spec.containers[0].image: Required value"),
        Arguments.of("container name not a DNS label", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().withName("App_1").endContainer().endSpec(),
            "spec.containers[0].name: Invalid value: \"App_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric "
                + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used "
                + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
        Arguments.of("duplicate container names", (UnaryOperator<PodBuilder>) b -> b.editSpec().addNewContainer().withName("app").withImage("x").endContainer().endSpec(),
            "spec.containers[1].name: Duplicate value: \"app\""),
        Arguments.of("port out of range", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().addNewPort().withContainerPort(70000).endPort().endContainer().endSpec(),
            "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
        Arguments.of("port name too long", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().addNewPort().withName("a-very-long-port-name").withContainerPort(80).endPort().endContainer().endSpec(),
            "spec.containers[0].ports[0].name: Invalid value: \"a-very-long-port-name\": must be no more than 15 characters"),
        Arguments.of("duplicate port names", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().addNewPort().withName("http").withContainerPort(80).endPort()
            .addNewPort().withName("http").withContainerPort(81).endPort().endContainer().endSpec(),
            "spec.containers[0].ports[1].name: Duplicate value: \"http\""),
        Arguments.of("env name with =", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().addNewEnv().withName("A=B").withValue("x").endEnv().endContainer().endSpec(),
            "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"),
        Arguments.of("mount of unknown volume", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer().endSpec(),
            "spec.containers[0].volumeMounts[0].name: Not found: \"data\""),
        Arguments.of("duplicate volumes", (UnaryOperator<PodBuilder>) b -> b.editSpec().addNewVolume().withName("v").withNewEmptyDir().endEmptyDir().endVolume()
            .addNewVolume().withName("v").withNewEmptyDir().endEmptyDir().endVolume().endSpec(),
            "spec.volumes[1].name: Duplicate value: \"v\""),
        Arguments.of("restart policy", (UnaryOperator<PodBuilder>) b -> b.editSpec().withRestartPolicy("Sometimes").endSpec(),
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""),
        Arguments.of("request above limit", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().withNewResources()
            .addToRequests("cpu", new Quantity("2")).addToLimits("cpu", new Quantity("1")).endResources().endContainer().endSpec(),
            "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"),
        Arguments.of("toleration without key", (UnaryOperator<PodBuilder>) b -> b.editSpec().addNewToleration().withOperator("Equal").withValue("x").endToleration().endSpec(),
            "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPods")
  void rejectsInvalidPods(String name, UnaryOperator<PodBuilder> change, String expected) {
    Pod p = defaulted(change.apply(pod()));
    assertThat(shown(strategy.validate(p))).contains(expected);
  }

  @Test
  void acceptsAValidPod() {
    Pod p = defaulted(pod().editSpec().editFirstContainer().addNewPort().withName("http").withContainerPort(80).endPort()
        .addNewEnv().withName("MODE").withValue("prod").endEnv().addNewVolumeMount().withName("v").withMountPath("/v").endVolumeMount()
        .endContainer().addNewVolume().withName("v").withNewEmptyDir().endEmptyDir().endVolume().endSpec());
    assertThat(strategy.validate(p)).isEmpty();
  }

  static Stream<Arguments> updates() {
    return Stream.of(
        Arguments.of("image change", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().withImage("nginx:1.28").endContainer().endSpec(), null),
        Arguments.of("added toleration", (UnaryOperator<PodBuilder>) b -> b.editSpec().addNewToleration().withKey("k").withOperator("Exists").endToleration().endSpec(), null),
        Arguments.of("port change", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().addNewPort().withContainerPort(80).withProtocol("TCP").endPort().endContainer().endSpec(),
            "spec: Forbidden: " + PodUpdateValidation.UPDATABLE_FIELDS),
        Arguments.of("added container", (UnaryOperator<PodBuilder>) b -> b.editSpec().addNewContainer().withName("b").withImage("x").endContainer().endSpec(),
            "spec.containers: Forbidden: pod updates may not add or remove containers"),
        Arguments.of("longer deadline", (UnaryOperator<PodBuilder>) b -> b.editSpec().withActiveDeadlineSeconds(100L).endSpec(), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void podSpecIsMostlyImmutable(String name, UnaryOperator<PodBuilder> change, String expectedPrefix) {
    Pod old = defaulted(pod());
    Pod now = defaulted(change.apply(new PodBuilder(old)));
    var causes = shown(strategy.validateUpdate(now, old));
    if (expectedPrefix == null) {
      assertThat(causes).isEmpty();
    } else {
      assertThat(causes).anySatisfy(c -> assertThat(c).startsWith(expectedPrefix));
    }
  }

  @Test
  void updatesKeepStatusAndStatusUpdatesKeepSpec() {
    Pod old = defaulted(pod().withNewStatus().withPhase("Running").endStatus());
    Pod now = defaulted(new PodBuilder(old).withNewStatus().withPhase("Failed").endStatus());
    strategy.prepareForUpdate(now, old);
    assertThat(now.getStatus().getPhase()).isEqualTo("Running");

    Pod status = new PodBuilder(old).editSpec().withNodeName("elsewhere").endSpec().withNewStatus().withPhase("Succeeded").endStatus().build();
    strategy.prepareForStatusUpdate(status, old);
    assertThat(status.getSpec().getNodeName()).isNull();
    assertThat(status.getStatus().getPhase()).isEqualTo("Succeeded");
  }
}
