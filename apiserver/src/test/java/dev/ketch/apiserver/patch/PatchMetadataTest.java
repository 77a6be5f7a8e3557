package dev.ketch.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PatchMetadataTest {

  private static final PatchMetadata METADATA = PatchMetadata.builtIn();

  static Stream<Arguments> strategies() {
    return Stream.of(
        Arguments.of(PodSpec.class, "containers", "merge", "name"),
        Arguments.of(PodSpec.class, "initContainers", "merge", "name"),
        Arguments.of(PodSpec.class, "ephemeralContainers", "merge", "name"),
        Arguments.of(PodSpec.class, "volumes", "merge,retainKeys", "name"),
        Arguments.of(PodSpec.class, "imagePullSecrets", "merge", "name"),
        Arguments.of(PodSpec.class, "hostAliases", "merge", "ip"),
        Arguments.of(PodSpec.class, "topologySpreadConstraints", "merge", "topologyKey"),
        Arguments.of(PodSpec.class, "resourceClaims", "merge,retainKeys", "name"),
        Arguments.of(PodSpec.class, "tolerations", "", ""),
        Arguments.of(PodSpec.class, "readinessGates", "", ""),
        Arguments.of(Container.class, "ports", "merge", "containerPort"),
        Arguments.of(Container.class, "env", "merge", "name"),
        Arguments.of(Container.class, "volumeMounts", "merge", "mountPath"),
        Arguments.of(Container.class, "volumeDevices", "merge", "devicePath"),
        Arguments.of(Container.class, "resizePolicy", "", ""),
        Arguments.of(Container.class, "envFrom", "", ""),
        Arguments.of(EphemeralContainer.class, "env", "merge", "name"),
        Arguments.of(ObjectMeta.class, "finalizers", "merge", ""),
        Arguments.of(ObjectMeta.class, "ownerReferences", "merge", "uid"),
        Arguments.of(ObjectMeta.class, "managedFields", "", ""),
        Arguments.of(PodStatus.class, "conditions", "merge", "type"),
        Arguments.of(PodStatus.class, "podIPs", "merge", "ip"),
        Arguments.of(NodeSpec.class, "podCIDRs", "merge", ""),
        Arguments.of(NodeSpec.class, "taints", "", ""),
        Arguments.of(NodeStatus.class, "addresses", "merge", "type"),
        Arguments.of(ServiceSpec.class, "ports", "merge", "port"),
        Arguments.of(ServiceAccount.class, "secrets", "merge", "name"),
        Arguments.of(ServiceAccount.class, "imagePullSecrets", "", ""),
        Arguments.of(DeploymentSpec.class, "strategy", "retainKeys", ""),
        Arguments.of(StatefulSetSpec.class, "updateStrategy", "", ""),
        Arguments.of(JobStatus.class, "conditions", "merge", "type"),
        Arguments.of(PodDisruptionBudgetSpec.class, "selector", "replace", ""));
  }

  @ParameterizedTest(name = "{0}.{1}: {2} {3}")
  @MethodSource("strategies")
  void declaresTheStrategiesOfTheApiTypes(Class<?> owner, String field, String strategy, String mergeKey) {
    FieldStrategy expected = new FieldStrategy(strategy, mergeKey);

    assertThat(METADATA.strategy(owner, field).orElse(FieldStrategy.NONE)).isEqualTo(expected);
    assertThat(METADATA.field(owner, field)).hasValueSatisfying(f -> assertThat(f.strategy()).isEqualTo(expected));
  }

  static Stream<Arguments> fields() {
    return Stream.of(
        Arguments.of(PodSpec.class, "containers", PatchField.Shape.LIST, Container.class),
        Arguments.of(ObjectMeta.class, "labels", PatchField.Shape.MAP, String.class),
        Arguments.of(ObjectMeta.class, "finalizers", PatchField.Shape.LIST, String.class),
        Arguments.of(ObjectMeta.class, "name", PatchField.Shape.SCALAR, String.class),
        Arguments.of(Deployment.class, "spec", PatchField.Shape.OBJECT, DeploymentSpec.class),
        Arguments.of(PodSpec.class, "overhead", PatchField.Shape.MAP, Quantity.class),
        Arguments.of(RollingUpdateDeployment.class, "maxSurge", PatchField.Shape.SCALAR, IntOrString.class),
        Arguments.of(PodSpec.class, "Containers", PatchField.Shape.LIST, Container.class));
  }

  @ParameterizedTest(name = "{0}.{1} is {2} of {3}")
  @MethodSource("fields")
  void describesFieldsFromTheModel(Class<?> owner, String name, PatchField.Shape shape, Class<?> valueType) {
    assertThat(METADATA.field(owner, name))
        .hasValueSatisfying(
            f -> {
              assertThat(f.shape()).isEqualTo(shape);
              assertThat(f.valueType()).isEqualTo(valueType);
            });
  }

  @Test
  void everyDeclaredStrategyMatchesTheModel() {
    METADATA
        .declaredStrategies()
        .forEach(
            (owner, byField) ->
                byField.forEach(
                    (name, strategy) -> {
                      String where = owner.getSimpleName() + "." + name;
                      PatchField field = METADATA.field(owner, name).orElseThrow(() -> new AssertionError(where));
                      assertThat(field.name()).as(where).isEqualTo(name);
                      if (strategy.strategies().contains("merge")) {
                        assertThat(field.shape()).as(where).isEqualTo(PatchField.Shape.LIST);
                        if (!strategy.patchMergeKey().isEmpty()) {
                          assertThat(METADATA.field(field.valueType(), strategy.patchMergeKey()))
                              .as(where + " merge key")
                              .isPresent();
                        }
                      } else {
                        assertThat(field.shape()).as(where).isEqualTo(PatchField.Shape.OBJECT);
                      }
                    }));
  }

  /**
   * Every status condition list of the served types is merged by type in the API types; a
   * condition list without a strategy here would be a gap in the table.
   */
  @Test
  void everyServedConditionListIsMergedByType() {
    Set<String> unmerged = new TreeSet<>();
    for (Class<?> type : reachableModelClasses()) {
      for (PatchField field : METADATA.fields(type).values()) {
        if (field.name().equals("conditions") && field.shape() == PatchField.Shape.LIST) {
          if (!field.strategy().equals(FieldStrategy.merge("type"))) {
            unmerged.add(type.getName());
          }
        }
      }
    }
    assertThat(unmerged).isEmpty();
  }

  @Test
  void reachesTheTypesThatDeclareStrategies() {
    Set<Class<?>> reachable = reachableModelClasses();

    assertThat(reachable).contains(PodSpec.class, Container.class, EphemeralContainer.class, ObjectMeta.class, NodeStatus.class);
  }

  private static Set<Class<?>> reachableModelClasses() {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    ResourceCatalog.builtIn().all().stream().map(ResourceType::modelClass).forEach(todo::add);
    while (!todo.isEmpty()) {
      Class<?> type = todo.pop();
      if (!seen.add(type)) {
        continue;
      }
      for (PatchField f : METADATA.fields(type).values()) {
        if (PatchMetadata.shapeOf(f.valueType()) == PatchField.Shape.OBJECT) {
          todo.add(f.valueType());
        }
      }
    }
    return seen;
  }

  @Test
  void aCustomTableDrivesCustomTypes() {
    record Thing(java.util.List<String> tags) {}
    PatchMetadata custom = new PatchMetadata(Map.of(Thing.class, Map.of("tags", FieldStrategy.merge(""))));

    assertThat(custom.strategy(Thing.class, "tags")).contains(FieldStrategy.merge(""));
    assertThat(custom.strategy(PodSpec.class, "containers")).isEmpty();
  }
}
