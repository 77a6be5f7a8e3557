package dev.ketch.controllers.manager;

import dev.ketch.controllers.garbagecollector.GarbageCollector;
import dev.ketch.controllers.garbagecollector.GarbageCollectorConfig;
import dev.ketch.controllers.namespace.NamespaceController;
import dev.ketch.controllers.namespace.NamespaceControllerConfig;
import java.util.List;

/** The controllers Ketch runs, named as kube-controller-manager's {@code --controllers}. */
public final class BuiltInControllers {

  public static final String GARBAGE_COLLECTOR = "garbage-collector";
  public static final String NAMESPACE = "namespace";

  private BuiltInControllers() {}

  public static List<ControllerDescriptor> all() {
    return List.of(garbageCollector(GarbageCollectorConfig.defaults()), namespace(NamespaceControllerConfig.defaults()));
  }

  public static ControllerDescriptor garbageCollector(GarbageCollectorConfig config) {
    return new ControllerDescriptor(GARBAGE_COLLECTOR, ctx -> new GarbageCollector(ctx, config));
  }

  public static ControllerDescriptor namespace(NamespaceControllerConfig config) {
    return new ControllerDescriptor(NAMESPACE, ctx -> new NamespaceController(ctx, config));
  }
}
