package dev.ketch.controllers.replicaset;

import java.util.Objects;

/**
 * Which replicated workload a {@link ReplicaSetController} runs for: ReplicaSets, or
 * ReplicationControllers seen through {@link ReplicationControllers} as ReplicaSets (as upstream
 * runs the same controller for both).
 *
 * @param controllerName the controller's name in the manager, e.g. {@code replicaset}
 * @param group the API group ({@code apps}, or empty for the core group)
 * @param apiVersion written in controller references, e.g. {@code apps/v1}
 * @param kind e.g. {@code ReplicaSet}
 * @param component the events' source, e.g. {@code replicaset-controller}
 */
public record ReplicatedKind(String controllerName, String group, String apiVersion, String kind, String component) {

  public static final ReplicatedKind REPLICA_SET = new ReplicatedKind("replicaset", "apps", "apps/v1", "ReplicaSet", "replicaset-controller");
  public static final ReplicatedKind REPLICATION_CONTROLLER =
      new ReplicatedKind("replicationcontroller", "", "v1", "ReplicationController", "replication-controller");

  public ReplicatedKind {
    Objects.requireNonNull(controllerName, "controllerName");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(component, "component");
  }
}
