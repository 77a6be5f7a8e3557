package dev.ketch.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefinitionNamesTest {

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of(io.fabric8.kubernetes.api.model.Pod.class, "io.k8s.api.core.v1.Pod"),
        Arguments.of(io.fabric8.kubernetes.api.model.Container.class, "io.k8s.api.core.v1.Container"),
        Arguments.of(io.fabric8.kubernetes.api.model.ObjectMeta.class, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
        Arguments.of(io.fabric8.kubernetes.api.model.LabelSelector.class, "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"),
        Arguments.of(io.fabric8.kubernetes.api.model.Condition.class, "io.k8s.apimachinery.pkg.apis.meta.v1.Condition"),
        Arguments.of(io.fabric8.kubernetes.api.model.Status.class, "io.k8s.apimachinery.pkg.apis.meta.v1.Status"),
        Arguments.of(io.fabric8.kubernetes.api.model.IntOrString.class, "io.k8s.apimachinery.pkg.util.intstr.IntOrString"),
        Arguments.of(io.fabric8.kubernetes.api.model.Quantity.class, "io.k8s.apimachinery.pkg.api.resource.Quantity"),
        Arguments.of(io.fabric8.kubernetes.api.model.MicroTime.class, "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"),
        Arguments.of(io.fabric8.kubernetes.api.model.runtime.RawExtension.class, "io.k8s.apimachinery.pkg.runtime.RawExtension"),
        Arguments.of(io.fabric8.kubernetes.api.model.apps.Deployment.class, "io.k8s.api.apps.v1.Deployment"),
        Arguments.of(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class, "io.k8s.api.batch.v1.CronJob"),
        Arguments.of(io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class, "io.k8s.api.autoscaling.v1.Scale"),
        Arguments.of(io.fabric8.kubernetes.api.model.policy.v1.Eviction.class, "io.k8s.api.policy.v1.Eviction"),
        Arguments.of(io.fabric8.kubernetes.api.model.rbac.ClusterRole.class, "io.k8s.api.rbac.v1.ClusterRole"),
        Arguments.of(io.fabric8.kubernetes.api.model.storage.StorageClass.class, "io.k8s.api.storage.v1.StorageClass"),
        Arguments.of(io.fabric8.kubernetes.api.model.events.v1.Event.class, "io.k8s.api.events.v1.Event"),
        Arguments.of(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "io.k8s.api.networking.v1.Ingress"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void namesClassesLikeKubeOpenapi(Class<?> type, String expected) {
    assertThat(DefinitionNames.of(type)).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("foreign")
  void classesOutsideTheModelHaveNoName(Class<?> type) {
    assertThat(DefinitionNames.of(type)).isEqualTo(Optional.empty());
  }

  static Stream<Class<?>> foreign() {
    return Stream.of(String.class, java.util.Map.class, com.fasterxml.jackson.databind.JsonNode.class, DefinitionNamesTest.class);
  }
}
