package dev.ketch.apiserver.openapi;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A few lines of the upstream strategic-merge table, hard-coded for tests; the server's own table
 * lives with the patch implementation.
 */
final class TablePatchHints implements PatchHints {

  private record Hint(String strategy, String mergeKey, String listType, List<String> mapKeys) {}

  private static final Map<Class<?>, Map<String, Hint>> HINTS =
      Map.of(
          PodSpec.class,
          Map.of(
              "containers", new Hint("merge", "name", "map", List.of("name")),
              "volumes", new Hint("merge,retainKeys", "name", "map", List.of("name"))),
          Container.class,
          Map.of(
              "ports", new Hint("merge", "containerPort", "map", List.of("containerPort", "protocol")),
              "env", new Hint("merge", "name", "map", List.of("name"))),
          ServiceSpec.class,
          Map.of("ports", new Hint("merge", "port", "map", List.of("port", "protocol"))),
          ObjectMeta.class,
          Map.of("finalizers", new Hint("merge", null, "set", List.of())),
          DeploymentStatus.class,
          Map.of("conditions", new Hint("merge", "type", "map", List.of("type"))));

  private static Optional<Hint> hint(Class<?> owner, String field) {
    return Optional.ofNullable(HINTS.getOrDefault(owner, Map.of()).get(field));
  }

  @Override
  public Optional<String> strategy(Class<?> owner, String jsonField) {
    return hint(owner, jsonField).map(Hint::strategy);
  }

  @Override
  public Optional<String> mergeKey(Class<?> owner, String jsonField) {
    return hint(owner, jsonField).map(Hint::mergeKey);
  }

  @Override
  public Optional<String> listType(Class<?> owner, String jsonField) {
    return hint(owner, jsonField).map(Hint::listType);
  }

  @Override
  public List<String> listMapKeys(Class<?> owner, String jsonField) {
    return hint(owner, jsonField).map(Hint::mapKeys).orElse(List.of());
  }
}
