package dev.ketch.controllers.manager;

import dev.ketch.controllers.deployment.DeploymentController;
import dev.ketch.controllers.deployment.DeploymentControllerConfig;
import dev.ketch.controllers.garbagecollector.GarbageCollector;
import dev.ketch.controllers.garbagecollector.GarbageCollectorConfig;
import dev.ketch.controllers.namespace.NamespaceController;
import dev.ketch.controllers.namespace.NamespaceControllerConfig;
import dev.ketch.controllers.replicaset.ReplicaSetController;
import dev.ketch.controllers.replicaset.ReplicaSetControllerConfig;
import dev.ketch.controllers.replicaset.ReplicatedKind;
import java.util.List;

/** The controllers Ketch runs, named as kube-controller-manager's {@code --controllers}. */
public final class BuiltInControllers {

  public static final String GARBAGE_COLLECTOR = "garbage-collector";
  public static final String NAMESPACE = "namespace";

  private BuiltInControllers() {}

  public static List<ControllerDescriptor> all() {
    return List.of(garbageCollector(GarbageCollectorConfig.defaults()), namespace(NamespaceControllerConfig.defaults()),
        replicaSet(ReplicaSetControllerConfig.defaults()), replicationController(ReplicaSetControllerConfig.defaults()),
        deployment(DeploymentControllerConfig.defaults()));
  }

  public static ControllerDescriptor garbageCollector(GarbageCollectorConfig config) {
    return new ControllerDescriptor(GARBAGE_COLLECTOR, ctx -> new GarbageCollector(ctx, config));
  }

  public static ControllerDescriptor namespace(NamespaceControllerConfig config) {
    return new ControllerDescriptor(NAMESPACE, ctx -> new NamespaceController(ctx, config));
  }

  public static ControllerDescriptor replicaSet(ReplicaSetControllerConfig config) {
    return new ControllerDescriptor(ReplicatedKind.REPLICA_SET.controllerName(),
        ctx -> new ReplicaSetController(ctx, config, ReplicatedKind.REPLICA_SET));
  }

  public static ControllerDescriptor deployment(DeploymentControllerConfig config) {
    return new ControllerDescriptor(DeploymentController.NAME, ctx -> new DeploymentController(ctx, config));
  }

  public static ControllerDescriptor replicationController(ReplicaSetControllerConfig config) {
    return new ControllerDescriptor(ReplicatedKind.REPLICATION_CONTROLLER.controllerName(),
        ctx -> new ReplicaSetController(ctx, config, ReplicatedKind.REPLICATION_CONTROLLER));
  }
}
