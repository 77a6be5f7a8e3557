package dev.ketch.controllers.manager;

import dev.ketch.controllers.cronjob.CronJobController;
import dev.ketch.controllers.cronjob.CronJobControllerConfig;
import dev.ketch.controllers.daemonset.DaemonSetController;
import dev.ketch.controllers.daemonset.DaemonSetControllerConfig;
import dev.ketch.controllers.garbagecollector.GarbageCollector;
import dev.ketch.controllers.garbagecollector.GarbageCollectorConfig;
import dev.ketch.controllers.job.JobController;
import dev.ketch.controllers.job.JobControllerConfig;
import dev.ketch.controllers.namespace.NamespaceController;
import dev.ketch.controllers.namespace.NamespaceControllerConfig;
import dev.ketch.controllers.nodeipam.NodeIpamController;
import dev.ketch.controllers.nodeipam.NodeIpamControllerConfig;
import dev.ketch.controllers.nodelifecycle.NodeLifecycleController;
import dev.ketch.controllers.nodelifecycle.NodeLifecycleControllerConfig;
import dev.ketch.controllers.podgc.PodGcController;
import dev.ketch.controllers.podgc.PodGcControllerConfig;
import dev.ketch.controllers.statefulset.StatefulSetController;
import dev.ketch.controllers.statefulset.StatefulSetControllerConfig;
import dev.ketch.controllers.tainteviction.TaintEvictionController;
import dev.ketch.controllers.tainteviction.TaintEvictionControllerConfig;
import dev.ketch.controllers.ttlafterfinished.TtlAfterFinishedController;
import java.util.List;

/** The controllers Ketch runs, named as kube-controller-manager's {@code --controllers}. */
public final class BuiltInControllers {

  public static final String GARBAGE_COLLECTOR = "garbage-collector";
  public static final String NAMESPACE = "namespace";
  public static final String STATEFULSET = "statefulset";
  public static final String DAEMONSET = "daemonset";
  public static final String JOB = "job";
  public static final String CRONJOB = "cronjob";
  public static final String NODE_LIFECYCLE = "node-lifecycle";
  public static final String TAINT_EVICTION = "taint-eviction";
  public static final String NODE_IPAM = "node-ipam";
  public static final String TTL_AFTER_FINISHED = "ttl-after-finished";
  public static final String POD_GARBAGE_COLLECTOR = "pod-garbage-collector";

  private BuiltInControllers() {}

  public static List<ControllerDescriptor> all() {
    return List.of(garbageCollector(GarbageCollectorConfig.defaults()), namespace(NamespaceControllerConfig.defaults()),
        statefulSet(StatefulSetControllerConfig.defaults()), daemonSet(DaemonSetControllerConfig.defaults()),
        job(JobControllerConfig.defaults()), cronJob(CronJobControllerConfig.defaults()),
        nodeLifecycle(NodeLifecycleControllerConfig.defaults()), taintEviction(TaintEvictionControllerConfig.defaults()),
        nodeIpam(NodeIpamControllerConfig.defaults()), ttlAfterFinished(), podGarbageCollector(PodGcControllerConfig.defaults()));
  }

  public static ControllerDescriptor garbageCollector(GarbageCollectorConfig config) {
    return new ControllerDescriptor(GARBAGE_COLLECTOR, ctx -> new GarbageCollector(ctx, config));
  }

  public static ControllerDescriptor namespace(NamespaceControllerConfig config) {
    return new ControllerDescriptor(NAMESPACE, ctx -> new NamespaceController(ctx, config));
  }

  public static ControllerDescriptor statefulSet(StatefulSetControllerConfig config) {
    return new ControllerDescriptor(STATEFULSET, ctx -> new StatefulSetController(ctx, config));
  }

  public static ControllerDescriptor daemonSet(DaemonSetControllerConfig config) {
    return new ControllerDescriptor(DAEMONSET, ctx -> new DaemonSetController(ctx, config));
  }

  public static ControllerDescriptor job(JobControllerConfig config) {
    return new ControllerDescriptor(JOB, ctx -> new JobController(ctx, config));
  }

  public static ControllerDescriptor cronJob(CronJobControllerConfig config) {
    return new ControllerDescriptor(CRONJOB, ctx -> new CronJobController(ctx, config));
  }

  public static ControllerDescriptor nodeLifecycle(NodeLifecycleControllerConfig config) {
    return new ControllerDescriptor(NODE_LIFECYCLE, ctx -> new NodeLifecycleController(ctx, config));
  }

  public static ControllerDescriptor taintEviction(TaintEvictionControllerConfig config) {
    return new ControllerDescriptor(TAINT_EVICTION, ctx -> new TaintEvictionController(ctx, config));
  }

  public static ControllerDescriptor nodeIpam(NodeIpamControllerConfig config) {
    return new ControllerDescriptor(NODE_IPAM, ctx -> new NodeIpamController(ctx, config));
  }

  public static ControllerDescriptor ttlAfterFinished() {
    return new ControllerDescriptor(TTL_AFTER_FINISHED, ctx -> new TtlAfterFinishedController(ctx, 5));
  }

  public static ControllerDescriptor podGarbageCollector(PodGcControllerConfig config) {
    return new ControllerDescriptor(POD_GARBAGE_COLLECTOR, ctx -> new PodGcController(ctx, config));
  }
}
