package dev.ketch.controllers.deployment;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Reconciler;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.ownership.ControllerRefManager;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reconciles one Deployment, as upstream's syncDeployment: claims its ReplicaSets, then either
 * only writes status (being deleted), scales (paused, or replicas changed mid-rollout), or takes
 * one step of its strategy. Revisions, the Progressing and Available conditions and old
 * ReplicaSets beyond revisionHistoryLimit are kept along the way. A Deployment with an empty
 * selector is refused with a warning, as upstream.
 *
 * <p>Thread-safe: called by several workers, never for the same key at once.
 */
public final class DeploymentReconciler implements Reconciler<ObjectKey> {

  private final ObjectCache<Deployment> deployments;
  private final ResourceClient<Deployment> deploymentClient;
  private final ObjectCache<ReplicaSet> replicaSets;
  private final ResourceClient<ReplicaSet> replicaSetClient;
  private final ObjectCache<Pod> pods;
  private final EventRecorder recorder;
  private final Clock clock;
  private final Rollouts rollouts;
  private final NewReplicaSets newReplicaSets;

  public DeploymentReconciler(ObjectCache<Deployment> deployments, ResourceClient<Deployment> deploymentClient,
      ObjectCache<ReplicaSet> replicaSets, ResourceClient<ReplicaSet> replicaSetClient, ObjectCache<Pod> pods,
      EventRecorder recorder, Clock clock) {
    this.deployments = deployments;
    this.deploymentClient = deploymentClient;
    this.replicaSets = replicaSets;
    this.replicaSetClient = replicaSetClient;
    this.pods = pods;
    this.recorder = recorder;
    this.clock = clock;
    this.newReplicaSets = new NewReplicaSets(replicaSets);
    this.rollouts = new Rollouts(newReplicaSets);
  }

  @Override
  public Result reconcile(ObjectKey key) throws Exception {
    Deployment cached = deployments.get(key.namespace(), key.name());
    if (cached == null) {
      return Result.done();
    }
    DeploymentSync sync = new DeploymentSync(cached, deploymentClient, replicaSetClient, recorder, clock);
    Deployment d = sync.d;
    Selector selector = Selector.of(d.getSpec().getSelector());
    if (selector.isEverything()) {
      sync.event(EventType.WARNING, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
      if (!Objects.equals(d.getMetadata().getGeneration(), sync.status().getObservedGeneration())) {
        sync.status().setObservedGeneration(d.getMetadata().getGeneration());
        sync.writeStatus();
      }
      return Result.done();
    }
    List<ReplicaSet> owned = claim(d, selector);
    if (d.getMetadata().getDeletionTimestamp() != null) {
      NewReplicaSets.Found found = newReplicaSets.find(sync, owned, false);
      sync.syncStatus(ReplicaSets.withNew(found.old(), found.newRs()), found.newRs());
      return Result.done();
    }
    checkPausedConditions(sync);
    if (RolloutMath.isPaused(sync.d) || isScalingEvent(sync, owned)) {
      rollouts.scale(sync, owned);
      return Result.done();
    }
    if (RolloutMath.isRollingUpdate(sync.d)) {
      rollouts.rolling(sync, owned);
    } else {
      rollouts.recreate(sync, owned, podsByReplicaSet(sync.d, owned));
    }
    return sync.requeueAfter == null ? Result.done() : Result.requeueAfter(sync.requeueAfter);
  }

  private List<ReplicaSet> claim(Deployment d, Selector selector) {
    OwnerReference ref = ControllerRefs.newControllerRef(d, "apps/v1", "Deployment");
    var manager = new ControllerRefManager<>(d, ref, selector, replicaSetClient, ControllerRefManager.recheck(d, deploymentClient));
    return new ArrayList<>(manager.claim(replicaSets.list(d.getMetadata().getNamespace())));
  }

  /** Adds, or replaces, the Progressing condition saying the Deployment was paused or resumed. */
  private static void checkPausedConditions(DeploymentSync sync) {
    Deployment d = sync.d;
    if (!DeploymentStatuses.hasProgressDeadline(d)) {
      return;
    }
    DeploymentCondition c = DeploymentConditions.get(sync.status(), DeploymentConditions.PROGRESSING);
    if (c != null && DeploymentConditions.TIMED_OUT.equals(c.getReason())) {
      return;
    }
    boolean pausedCondition = c != null && DeploymentConditions.PAUSED.equals(c.getReason());
    DeploymentCondition update = null;
    if (RolloutMath.isPaused(d) && !pausedCondition) {
      update = DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "Unknown", DeploymentConditions.PAUSED,
          "Deployment is paused", sync.nowString());
    } else if (!RolloutMath.isPaused(d) && pausedCondition) {
      update = DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "Unknown", DeploymentConditions.RESUMED,
          "Deployment is resumed", sync.nowString());
    }
    if (update == null) {
      return;
    }
    DeploymentConditions.set(sync.status(), update);
    sync.writeStatus();
  }

  /** True if an active ReplicaSet was sized for a different replica count than the Deployment's. */
  private boolean isScalingEvent(DeploymentSync sync, List<ReplicaSet> owned) {
    NewReplicaSets.Found found = newReplicaSets.find(sync, owned, false);
    for (ReplicaSet rs : ReplicaSets.active(ReplicaSets.withNew(found.old(), found.newRs()))) {
      Integer desired = ReplicaSets.intAnnotation(rs, ReplicaSets.DESIRED_REPLICAS);
      if (desired != null && desired != RolloutMath.replicas(sync.d)) {
        return true;
      }
    }
    return false;
  }

  /** The pods of each owned ReplicaSet, by its uid (for Recreate, which waits for old pods to go). */
  private Map<String, List<Pod>> podsByReplicaSet(Deployment d, List<ReplicaSet> owned) {
    Set<String> uids = new HashSet<>();
    Map<String, List<Pod>> map = new HashMap<>();
    for (ReplicaSet rs : owned) {
      uids.add(rs.getMetadata().getUid());
      map.put(rs.getMetadata().getUid(), new ArrayList<>());
    }
    for (Pod p : pods.list(d.getMetadata().getNamespace())) {
      OwnerReference ref = ControllerRefs.controllerOf(p);
      if (ref != null && uids.contains(ref.getUid())) {
        map.get(ref.getUid()).add(p);
      }
    }
    return map;
  }

  /** For tests: the status a Deployment would get from these ReplicaSets. */
  static DeploymentStatus statusFor(Deployment d, List<ReplicaSet> all, ReplicaSet newRs, String now) {
    return DeploymentStatuses.calculate(all, newRs, d, now);
  }
}
