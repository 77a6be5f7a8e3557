package dev.ketch.controllers;

import dev.ketch.controllers.job.JobControllerConfig;
import dev.ketch.controllers.manager.BuiltInControllers;
import dev.ketch.controllers.manager.ControllerDescriptor;
import dev.ketch.controllers.manager.ControllerManagerConfig;
import dev.ketch.controllers.nodelifecycle.NodeLifecycleControllerConfig;
import dev.ketch.controllers.podgc.PodGcControllerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every built-in controller, tuned for integration tests on the system clock: node health checked
 * every 500 ms with a 3 s grace period, failed Job pods replaced after 1 s, pod events batched for
 * 100 ms, pods of vanished nodes collected after 2 s.
 */
public final class TestControllers {

  private TestControllers() {}

  public static List<ControllerDescriptor> fast() {
    Map<String, ControllerDescriptor> tuned = new HashMap<>();
    for (ControllerDescriptor d : List.of(
        BuiltInControllers.job(new JobControllerConfig(5, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(100))),
        BuiltInControllers.nodeLifecycle(NodeLifecycleControllerConfig.defaults().withPeriods(Duration.ofMillis(500), Duration.ofSeconds(3))),
        BuiltInControllers.podGarbageCollector(new PodGcControllerConfig(12500, Duration.ofSeconds(1), Duration.ofSeconds(2))))) {
      tuned.put(d.name(), d);
    }
    return BuiltInControllers.all().stream().map(d -> tuned.getOrDefault(d.name(), d)).toList();
  }

  /** Every fast controller except those named. */
  public static List<ControllerDescriptor> fastExcept(String... names) {
    List<String> excluded = List.of(names);
    return fast().stream().filter(d -> !excluded.contains(d.name())).toList();
  }

  public static ControllerManagerConfig config() {
    return ControllerManagerConfig.defaults().withControllers(fast());
  }
}
