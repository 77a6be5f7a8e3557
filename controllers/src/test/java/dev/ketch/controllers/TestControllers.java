package dev.ketch.controllers;

import dev.ketch.controllers.cronjob.CronJobControllerConfig;
import dev.ketch.controllers.daemonset.DaemonSetControllerConfig;
import dev.ketch.controllers.garbagecollector.GarbageCollectorConfig;
import dev.ketch.controllers.job.JobControllerConfig;
import dev.ketch.controllers.manager.BuiltInControllers;
import dev.ketch.controllers.manager.ControllerDescriptor;
import dev.ketch.controllers.manager.ControllerManagerConfig;
import dev.ketch.controllers.namespace.NamespaceControllerConfig;
import dev.ketch.controllers.nodeipam.NodeIpamControllerConfig;
import dev.ketch.controllers.nodelifecycle.NodeLifecycleControllerConfig;
import dev.ketch.controllers.podgc.PodGcControllerConfig;
import dev.ketch.controllers.statefulset.StatefulSetControllerConfig;
import dev.ketch.controllers.tainteviction.TaintEvictionControllerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in controllers tuned for integration tests on the system clock: node health checked
 * every 500 ms with a 3 s grace period, failed Job pods replaced after 1 s, pod events batched for
 * 100 ms, pods of vanished nodes collected after 2 s.
 */
public final class TestControllers {

  private TestControllers() {}

  public static List<ControllerDescriptor> fast() {
    List<ControllerDescriptor> list = new ArrayList<>();
    list.add(BuiltInControllers.garbageCollector(GarbageCollectorConfig.defaults()));
    list.add(BuiltInControllers.namespace(NamespaceControllerConfig.defaults()));
    list.add(BuiltInControllers.statefulSet(StatefulSetControllerConfig.defaults()));
    list.add(BuiltInControllers.daemonSet(DaemonSetControllerConfig.defaults()));
    list.add(BuiltInControllers.job(new JobControllerConfig(5, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(100))));
    list.add(BuiltInControllers.cronJob(CronJobControllerConfig.defaults()));
    list.add(BuiltInControllers.nodeLifecycle(NodeLifecycleControllerConfig.defaults()
        .withPeriods(Duration.ofMillis(500), Duration.ofSeconds(3))));
    list.add(BuiltInControllers.taintEviction(TaintEvictionControllerConfig.defaults()));
    list.add(BuiltInControllers.nodeIpam(NodeIpamControllerConfig.defaults()));
    list.add(BuiltInControllers.ttlAfterFinished());
    list.add(BuiltInControllers.podGarbageCollector(new PodGcControllerConfig(12500, Duration.ofSeconds(1), Duration.ofSeconds(2))));
    return list;
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
