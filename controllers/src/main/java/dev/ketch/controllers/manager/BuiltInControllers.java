package dev.ketch.controllers.manager;

import dev.ketch.controllers.cronjob.CronJobController;
import dev.ketch.controllers.cronjob.CronJobControllerConfig;
import dev.ketch.controllers.daemonset.DaemonSetController;
import dev.ketch.controllers.daemonset.DaemonSetControllerConfig;
import dev.ketch.controllers.deployment.DeploymentController;
import dev.ketch.controllers.deployment.DeploymentControllerConfig;
import dev.ketch.controllers.disruption.DisruptionController;
import dev.ketch.controllers.endpoint.EndpointsController;
import dev.ketch.controllers.endpoint.EndpointsControllerConfig;
import dev.ketch.controllers.endpointslice.EndpointSliceController;
import dev.ketch.controllers.endpointslice.EndpointSliceControllerConfig;
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
import dev.ketch.controllers.replicaset.ReplicaSetController;
import dev.ketch.controllers.replicaset.ReplicaSetControllerConfig;
import dev.ketch.controllers.replicaset.ReplicatedKind;
import dev.ketch.controllers.serviceaccount.ServiceAccountsController;
import dev.ketch.controllers.statefulset.StatefulSetController;
import dev.ketch.controllers.statefulset.StatefulSetControllerConfig;
import dev.ketch.controllers.tainteviction.TaintEvictionController;
import dev.ketch.controllers.tainteviction.TaintEvictionControllerConfig;
import dev.ketch.controllers.ttlafterfinished.TtlAfterFinishedController;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
        replicaSet(ReplicaSetControllerConfig.defaults()), replicationController(ReplicaSetControllerConfig.defaults()),
        deployment(DeploymentControllerConfig.defaults()), endpoints(EndpointsControllerConfig.defaults()),
        endpointSlice(EndpointSliceControllerConfig.defaults()), serviceAccounts(), disruption(),
        statefulSet(StatefulSetControllerConfig.defaults()), daemonSet(DaemonSetControllerConfig.defaults()),
        job(JobControllerConfig.defaults()), cronJob(CronJobControllerConfig.defaults()),
        nodeLifecycle(NodeLifecycleControllerConfig.defaults()), taintEviction(TaintEvictionControllerConfig.defaults()),
        nodeIpam(NodeIpamControllerConfig.defaults()), ttlAfterFinished(), podGarbageCollector(PodGcControllerConfig.defaults()));
  }

  /**
   * The built-in controllers {@code spec} selects, as kube-controller-manager's {@code
   * --controllers}: {@code *} all of them, {@code name} that one, {@code -name} not that one; the
   * order of {@link #all()} is kept.
   *
   * @throws IllegalArgumentException for a name that is not a built-in controller
   */
  public static List<ControllerDescriptor> select(List<String> spec) {
    List<ControllerDescriptor> all = all();
    Set<String> names = new LinkedHashSet<>();
    all.forEach(d -> names.add(d.name()));
    Set<String> on = new HashSet<>();
    Set<String> off = new HashSet<>();
    for (String raw : spec) {
      String item = raw.trim();
      if (item.equals("*")) {
        on.addAll(names);
        continue;
      }
      boolean disable = item.startsWith("-");
      String name = disable ? item.substring(1) : item;
      if (!names.contains(name)) {
        throw new IllegalArgumentException("unknown controller \"" + name + "\" in --controllers; known: " + String.join(", ", names));
      }
      (disable ? off : on).add(name);
    }
    return all.stream().filter(d -> on.contains(d.name()) && !off.contains(d.name())).toList();
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

  public static ControllerDescriptor endpoints(EndpointsControllerConfig config) {
    return new ControllerDescriptor(EndpointsController.NAME, ctx -> new EndpointsController(ctx, config));
  }

  public static ControllerDescriptor endpointSlice(EndpointSliceControllerConfig config) {
    return new ControllerDescriptor(EndpointSliceController.NAME, ctx -> new EndpointSliceController(ctx, config));
  }

  public static ControllerDescriptor serviceAccounts() {
    return new ControllerDescriptor(ServiceAccountsController.NAME, ctx -> new ServiceAccountsController(ctx, 1));
  }

  public static ControllerDescriptor disruption() {
    return new ControllerDescriptor(DisruptionController.NAME, ctx -> new DisruptionController(ctx, 1));
  }

  public static ControllerDescriptor replicationController(ReplicaSetControllerConfig config) {
    return new ControllerDescriptor(ReplicatedKind.REPLICATION_CONTROLLER.controllerName(),
        ctx -> new ReplicaSetController(ctx, config, ReplicatedKind.REPLICATION_CONTROLLER));
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
