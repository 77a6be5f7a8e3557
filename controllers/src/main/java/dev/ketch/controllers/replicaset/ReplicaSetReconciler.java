package dev.ketch.controllers.replicaset;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.Expectations;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Reconciler;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.ownership.ControllerRefManager;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Reconciles one ReplicaSet (or ReplicationController, seen as one), as upstream's
 * syncReplicaSet: claims the active pods its selector matches (adopting orphans, releasing pods it
 * no longer selects), creates or deletes pods when its expectations are satisfied, and writes its
 * status ({@code replicas}, {@code fullyLabeledReplicas}, {@code readyReplicas}, {@code
 * availableReplicas}, {@code observedGeneration}, and a ReplicaFailure condition while creating or
 * deleting fails). A failure is an exception, so the key is retried with its back-off; a
 * ReplicaSet waiting for pods to become available comes back after {@code minReadySeconds}.
 *
 * <p>Thread-safe: called by several workers, never for the same key at once.
 */
public final class ReplicaSetReconciler implements Reconciler<ObjectKey> {

  private final ReplicatedKind kind;
  private final ObjectCache<ReplicaSet> sets;
  private final ResourceClient<ReplicaSet> setClient;
  private final ObjectCache<Pod> pods;
  private final ResourceClient<Pod> podClient;
  private final Expectations<ObjectKey> expectations;
  private final EventRecorder recorder;
  private final Clock clock;
  private final ReplicaManager manager;

  public ReplicaSetReconciler(ReplicatedKind kind, ObjectCache<ReplicaSet> sets, ResourceClient<ReplicaSet> setClient,
      ObjectCache<Pod> pods, ResourceClient<Pod> podClient, Expectations<ObjectKey> expectations, EventRecorder recorder,
      Clock clock, Executor executor, int burstReplicas) {
    this.kind = kind;
    this.sets = sets;
    this.setClient = setClient;
    this.pods = pods;
    this.podClient = podClient;
    this.expectations = expectations;
    this.recorder = recorder;
    this.clock = clock;
    this.manager = new ReplicaManager(kind, podClient, expectations, recorder, clock, executor, burstReplicas);
  }

  @Override
  public Result reconcile(ObjectKey key) throws Exception {
    ReplicaSet rs = sets.get(key.namespace(), key.name());
    if (rs == null) {
      expectations.delete(key);
      return Result.done();
    }
    boolean needsSync = expectations.satisfied(key);
    Selector selector;
    try {
      selector = Selector.of(rs.getSpec().getSelector());
    } catch (IllegalArgumentException e) {
      // The API validates selectors; one that does not parse will not parse next time either.
      recorder.event(rs, EventType.WARNING, "InvalidSelector", "Invalid selector: " + e.getMessage());
      return Result.done();
    }
    List<Pod> all = pods.list(key.namespace());
    List<Pod> active = all.stream().filter(Pods::isActive).toList();
    List<Pod> owned = claim(rs, selector, active);

    ReplicaManager.ManageException failure = null;
    if (needsSync && rs.getMetadata().getDeletionTimestamp() == null) {
      try {
        manager.manage(rs, owned, related(rs, active));
      } catch (ReplicaManager.ManageException e) {
        failure = e;
      }
    }
    Instant now = clock.now();
    ReplicaSetStatus status = ReplicaSetStatuses.calculate(rs, owned, failure == null ? null : failure.reason(),
        failure == null ? null : failure.getMessage(), now);
    ReplicaSet updated = ReplicaSetStatuses.update(setClient, rs, status);
    if (failure != null) {
      throw failure;
    }
    int minReadySeconds = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
    ReplicaSetStatus st = updated.getStatus();
    int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    if (minReadySeconds > 0 && st != null && Objects.equals(st.getReadyReplicas(), replicas)
        && !Objects.equals(st.getAvailableReplicas(), replicas)) {
      // Nothing else will happen when the ready pods turn available: look again then.
      return Result.requeueAfter(Duration.ofSeconds(minReadySeconds));
    }
    return Result.done();
  }

  private List<Pod> claim(ReplicaSet rs, Selector selector, List<Pod> active) {
    OwnerReference ref = ControllerRefs.newControllerRef(rs, kind.apiVersion(), kind.kind());
    var refs = new ControllerRefManager<>(rs, ref, selector, podClient, ControllerRefManager.recheck(rs, setClient));
    return refs.claim(active);
  }

  /** Active pods of {@code rs} and of the ReplicaSets that share its controller. */
  private List<Pod> related(ReplicaSet rs, List<Pod> active) {
    Set<String> owners = new HashSet<>();
    owners.add(rs.getMetadata().getUid());
    OwnerReference controller = ControllerRefs.controllerOf(rs);
    if (controller != null) {
      for (ReplicaSet sibling : sets.list(rs.getMetadata().getNamespace())) {
        OwnerReference c = ControllerRefs.controllerOf(sibling);
        if (c != null && Objects.equals(c.getUid(), controller.getUid())) {
          owners.add(sibling.getMetadata().getUid());
        }
      }
    }
    return active.stream().filter(p -> {
      OwnerReference c = ControllerRefs.controllerOf(p);
      return c != null && owners.contains(c.getUid());
    }).toList();
  }
}
