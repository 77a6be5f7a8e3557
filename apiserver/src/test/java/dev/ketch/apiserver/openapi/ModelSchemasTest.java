package dev.ketch.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ketch.apiserver.openapi.Definition.Form;
import dev.ketch.apiserver.openapi.Shape.ArrayOf;
import dev.ketch.apiserver.openapi.Shape.MapOf;
import dev.ketch.apiserver.openapi.Shape.Primitive;
import dev.ketch.apiserver.openapi.Shape.Ref;
import dev.ketch.apiserver.openapi.Shape.Unknown;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelSchemasTest {

  private static final ModelSchemas SCHEMAS = ModelSchemas.of(ResourceCatalog.builtIn(), new TablePatchHints());

  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String APPS = "io.k8s.api.apps.v1.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  static Stream<Arguments> fields() {
    return Stream.of(
        // Pod
        Arguments.of(CORE + "Pod", "metadata", new Ref(META + "ObjectMeta")),
        Arguments.of(CORE + "Pod", "spec", new Ref(CORE + "PodSpec")),
        Arguments.of(CORE + "Pod", "kind", Primitive.string()),
        Arguments.of(CORE + "PodSpec", "containers", new ArrayOf(new Ref(CORE + "Container"))),
        Arguments.of(CORE + "PodSpec", "nodeSelector", new MapOf(Primitive.string())),
        Arguments.of(CORE + "PodSpec", "terminationGracePeriodSeconds", new Primitive("integer", "int64")),
        Arguments.of(CORE + "PodSpec", "hostNetwork", new Primitive("boolean", null)),
        Arguments.of(CORE + "Container", "command", new ArrayOf(Primitive.string())),
        Arguments.of(CORE + "ContainerPort", "containerPort", new Primitive("integer", "int32")),
        Arguments.of(CORE + "PodStatus", "startTime", new Ref(META + "Time")),
        Arguments.of(CORE + "ContainerStateRunning", "startedAt", new Ref(META + "Time")),
        // Deployment
        Arguments.of(APPS + "Deployment", "spec", new Ref(APPS + "DeploymentSpec")),
        Arguments.of(APPS + "DeploymentSpec", "strategy", new Ref(APPS + "DeploymentStrategy")),
        Arguments.of(APPS + "DeploymentSpec", "selector", new Ref(META + "LabelSelector")),
        Arguments.of(APPS + "DeploymentSpec", "template", new Ref(CORE + "PodTemplateSpec")),
        Arguments.of(APPS + "DeploymentStrategy", "rollingUpdate", new Ref(APPS + "RollingUpdateDeployment")),
        Arguments.of(APPS + "RollingUpdateDeployment", "maxSurge", new Ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString")),
        Arguments.of(APPS + "DeploymentCondition", "lastUpdateTime", new Ref(META + "Time")),
        // Service with IntOrString targetPort
        Arguments.of(CORE + "ServicePort", "targetPort", new Ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString")),
        Arguments.of(CORE + "ServicePort", "port", new Primitive("integer", "int32")),
        // Quantity in resources
        Arguments.of(CORE + "ResourceRequirements", "limits", new MapOf(new Ref("io.k8s.apimachinery.pkg.api.resource.Quantity"))),
        Arguments.of(CORE + "ResourceRequirements", "requests", new MapOf(new Ref("io.k8s.apimachinery.pkg.api.resource.Quantity"))),
        // ObjectMeta
        Arguments.of(META + "ObjectMeta", "name", Primitive.string()),
        Arguments.of(META + "ObjectMeta", "labels", new MapOf(Primitive.string())),
        Arguments.of(META + "ObjectMeta", "creationTimestamp", new Ref(META + "Time")),
        Arguments.of(META + "ObjectMeta", "deletionTimestamp", new Ref(META + "Time")),
        Arguments.of(META + "ObjectMeta", "generation", new Primitive("integer", "int64")),
        Arguments.of(META + "ObjectMeta", "managedFields", new ArrayOf(new Ref(META + "ManagedFieldsEntry"))),
        Arguments.of(META + "ObjectMeta", "ownerReferences", new ArrayOf(new Ref(META + "OwnerReference"))),
        Arguments.of(META + "ManagedFieldsEntry", "fieldsV1", new Ref(META + "FieldsV1")),
        // Microsecond timestamps, typed and untyped in fabric8
        Arguments.of("io.k8s.api.coordination.v1.LeaseSpec", "renewTime", new Ref(META + "MicroTime")),
        Arguments.of("io.k8s.api.events.v1.Event", "eventTime", new Ref(META + "MicroTime")),
        Arguments.of(CORE + "Event", "eventTime", new Ref(META + "MicroTime")),
        Arguments.of(CORE + "Event", "firstTimestamp", new Ref(META + "Time")),
        // Embedded raw data
        Arguments.of(APPS + "ControllerRevision", "data", new Unknown()));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("fields")
  void derivesFieldShapes(String definition, String field, Shape expected) {
    Definition d = SCHEMAS.get(definition).orElseThrow();

    assertThat(d.form()).isEqualTo(Form.OBJECT);
    assertThat(d.property(field)).as(definition + "." + field).hasValueSatisfying(p -> assertThat(p.shape()).isEqualTo(expected));
  }

  @Test
  void fabric8sCatchAllIsNotAField() {
    assertThat(SCHEMAS.get(CORE + "Pod").orElseThrow().properties())
        .extracting(Property::name)
        .containsExactly("apiVersion", "kind", "metadata", "spec", "status");
  }

  @Test
  void nothingIsRequiredBecauseTheModelDoesNotSaySo() {
    assertThat(SCHEMAS.all().values()).allSatisfy(d -> assertThat(d.required()).as(d.name()).isEmpty());
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(CORE + "Pod", List.of(new GroupVersionKind("", "v1", "Pod"))),
        Arguments.of(CORE + "PodList", List.of(new GroupVersionKind("", "v1", "PodList"))),
        Arguments.of(APPS + "Deployment", List.of(new GroupVersionKind("apps", "v1", "Deployment"))),
        Arguments.of(CORE + "Service", List.of(new GroupVersionKind("", "v1", "Service"))),
        Arguments.of("io.k8s.api.autoscaling.v1.Scale", List.of(new GroupVersionKind("autoscaling", "v1", "Scale"))),
        Arguments.of("io.k8s.api.policy.v1.Eviction", List.of(new GroupVersionKind("policy", "v1", "Eviction"))),
        Arguments.of(CORE + "Binding", List.of(new GroupVersionKind("", "v1", "Binding"))),
        Arguments.of(META + "Status", List.of(new GroupVersionKind("", "v1", "Status"))),
        Arguments.of(CORE + "PodSpec", List.of()),
        Arguments.of(META + "ObjectMeta", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void topLevelKindsCarryTheirGroupVersionKind(String definition, List<GroupVersionKind> expected) {
    assertThat(SCHEMAS.get(definition).orElseThrow().kinds()).isEqualTo(expected);
  }

  @Test
  void deleteOptionsAndWatchEventServeEveryGroupVersion() {
    assertThat(SCHEMAS.get(META + "DeleteOptions").orElseThrow().kinds())
        .contains(new GroupVersionKind("", "v1", "DeleteOptions"), new GroupVersionKind("apps", "v1", "DeleteOptions"));
    assertThat(SCHEMAS.nameOf(new GroupVersionKind("batch", "v1", "WatchEvent"))).contains(META + "WatchEvent");
  }

  static Stream<Arguments> specials() {
    return Stream.of(
        Arguments.of("io.k8s.apimachinery.pkg.util.intstr.IntOrString", Form.INT_OR_STRING),
        Arguments.of("io.k8s.apimachinery.pkg.api.resource.Quantity", Form.QUANTITY),
        Arguments.of(META + "Time", Form.DATE_TIME),
        Arguments.of(META + "MicroTime", Form.DATE_TIME),
        Arguments.of(META + "FieldsV1", Form.FREE_OBJECT),
        Arguments.of(META + "Patch", Form.FREE_OBJECT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specials")
  void wellKnownTypesHaveTheirOwnForms(String definition, Form form) {
    assertThat(SCHEMAS.get(definition).orElseThrow().form()).isEqualTo(form);
  }

  @Test
  void patchHintsBecomeExtensionsOfTheDeclaringClassesFields() {
    Property containers = SCHEMAS.get(CORE + "PodSpec").orElseThrow().property("containers").orElseThrow();
    Property volumes = SCHEMAS.get(CORE + "PodSpec").orElseThrow().property("volumes").orElseThrow();
    Property args = SCHEMAS.get(CORE + "Container").orElseThrow().property("args").orElseThrow();

    assertThat(containers.extensions())
        .containsEntry("x-kubernetes-patch-strategy", TextNode.valueOf("merge"))
        .containsEntry("x-kubernetes-patch-merge-key", TextNode.valueOf("name"))
        .containsEntry("x-kubernetes-list-type", TextNode.valueOf("map"))
        .containsKey("x-kubernetes-list-map-keys");
    assertThat(volumes.extensions()).containsEntry("x-kubernetes-patch-strategy", TextNode.valueOf("merge,retainKeys"));
    assertThat(args.extensions()).isEmpty();
  }

  @Test
  void closureHoldsEverythingReachable() {
    var closure = SCHEMAS.closure(List.of(APPS + "Deployment"));

    assertThat(closure).containsKeys(APPS + "DeploymentSpec", CORE + "Container", META + "ObjectMeta", META + "Time",
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString", "io.k8s.apimachinery.pkg.api.resource.Quantity");
    assertThat(closure).doesNotContainKeys(CORE + "Pod", APPS + "StatefulSet");
    for (Definition d : closure.values()) {
      for (Property p : d.properties()) {
        List<String> refs = new java.util.ArrayList<>();
        ModelSchemas.references(p.shape(), refs);
        assertThat(closure.keySet()).as(d.name() + "." + p.name()).containsAll(refs);
      }
    }
  }
}
