package dev.ketch.controllers.statefulset;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.history.Revisions;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.ControllerRefManager;
import dev.ketch.controllers.objects.Deletion;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reconciles one StatefulSet (upstream's sync and defaultStatefulSetControl): claims its pods and
 * revisions, finds or records the revision of its current template, runs one {@link
 * StatefulSetUpdater} pass, writes the status {@code kubectl rollout status} reads (with a
 * {@code ReplicaFailure} condition while pods cannot be created), and keeps at most
 * revisionHistoryLimit revisions that no pod uses.
 */
final class StatefulSetSync {

  static final String REPLICA_FAILURE = "ReplicaFailure";

  private final ObjectCache<StatefulSet> sets;
  private final ObjectCache<Pod> pods;
  private final ObjectCache<ControllerRevision> revisions;
  private final ResourceClient<StatefulSet> setClient;
  private final ResourceClient<Pod> podClient;
  private final ResourceClient<ControllerRevision> revisionClient;
  private final StatefulSetUpdater updater;
  private final EventRecorder recorder;
  private final Clock clock;

  StatefulSetSync(Cluster cluster, EventRecorder recorder, Clock clock) {
    this.sets = cluster.lister(StatefulSet.class);
    this.pods = cluster.lister(Pod.class);
    this.revisions = cluster.lister(ControllerRevision.class);
    this.setClient = cluster.client(StatefulSet.class);
    this.podClient = cluster.client(Pod.class);
    this.revisionClient = cluster.client(ControllerRevision.class);
    this.updater = new StatefulSetUpdater(new StatefulPodControl(cluster, recorder), recorder);
    this.recorder = recorder;
    this.clock = clock;
  }

  Result sync(ObjectKey key) {
    StatefulSet cached = sets.get(key.namespace(), key.name());
    if (cached == null) {
      return Result.done();
    }
    StatefulSet set = Pods.copy(cached);
    if (Selector.isEmpty(set.getSpec().getSelector())) {
      recorder.event(set, EventType.WARNING, "SelectingAll", "This StatefulSet is selecting all pods. A non-empty selector is required.");
      return Result.done();
    }
    List<ControllerRevision> history = claimRevisions(set);
    List<Pod> owned = claimPods(set);

    history.sort(Revisions.BY_REVISION);
    int collisionCount = set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0 : set.getStatus().getCollisionCount();
    Update found = updateRevision(set, history, collisionCount);
    ControllerRevision updateRevision = found.revision();
    collisionCount = found.collisionCount();
    ControllerRevision currentRevision = null;
    String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
    for (ControllerRevision r : history) {
      if (r.getMetadata().getName().equals(currentName)) {
        currentRevision = r;
      }
    }
    if (currentRevision == null) {
      currentRevision = updateRevision;
    }

    Instant now = clock.now();
    StatefulSetUpdater.Outcome outcome = updater.update(set, currentRevision, updateRevision, collisionCount, owned, now);
    writeStatus(set, outcome);
    truncateHistory(set, owned, history, currentRevision, updateRevision);
    if (outcome.failure() != null) {
      throw outcome.failure();
    }
    return requeueForAvailability(set, owned, now);
  }

  private List<Pod> claimPods(StatefulSet set) {
    var manager = new ControllerRefManager<>(podClient, set,
        ControllerRefs.newControllerRef(set, StatefulPods.API_VERSION, StatefulPods.KIND),
        (Pod p) -> Selector.matches(set.getSpec().getSelector(), p.getMetadata().getLabels()) && StatefulPods.isMemberOf(set, p),
        () -> stillExists(set), p -> p);
    return manager.claim(pods.list(set.getMetadata().getNamespace()));
  }

  private List<ControllerRevision> claimRevisions(StatefulSet set) {
    var manager = new ControllerRefManager<>(revisionClient, set,
        ControllerRefs.newControllerRef(set, StatefulPods.API_VERSION, StatefulPods.KIND),
        (ControllerRevision r) -> Selector.matches(set.getSpec().getSelector(), r.getMetadata().getLabels()),
        () -> stillExists(set), r -> r);
    return new ArrayList<>(manager.claim(revisions.list(set.getMetadata().getNamespace())));
  }

  /** A live check before adopting: the set exists with this uid and is not being deleted. */
  private boolean stillExists(StatefulSet set) {
    StatefulSet fresh = setClient.get(set.getMetadata().getNamespace(), set.getMetadata().getName());
    return fresh != null && Objects.equals(fresh.getMetadata().getUid(), set.getMetadata().getUid())
        && fresh.getMetadata().getDeletionTimestamp() == null;
  }

  private record Update(ControllerRevision revision, int collisionCount) {}

  /**
   * The revision of the set's template (getStatefulSetRevisions): the latest revision if it is
   * equal; an older equal one renumbered as the latest (a rollback); or a new one.
   */
  private Update updateRevision(StatefulSet set, List<ControllerRevision> history, int collisionCount) {
    ControllerRevision wanted = Revisions.newRevision(set, StatefulPods.API_VERSION, StatefulPods.KIND,
        set.getSpec().getTemplate().getMetadata() == null ? null : set.getSpec().getTemplate().getMetadata().getLabels(),
        Revisions.templatePatch(set.getSpec().getTemplate()), Revisions.next(history), collisionCount);
    List<ControllerRevision> equal = Revisions.findEqual(history, wanted);
    if (!equal.isEmpty() && !history.isEmpty() && Revisions.equal(history.getLast(), equal.getLast())) {
      return new Update(history.getLast(), collisionCount);
    }
    if (!equal.isEmpty()) {
      ControllerRevision older = equal.getLast();
      long revision = wanted.getRevision();
      ControllerRevision renumbered = revisionClient.edit(older.getMetadata().getNamespace(), older.getMetadata().getName(), fresh -> {
        fresh.setRevision(revision);
        return fresh;
      });
      if (renumbered == null) {
        throw new IllegalStateException("revision " + older.getMetadata().getName() + " disappeared");
      }
      history.remove(older);
      history.add(renumbered);
      history.sort(Revisions.BY_REVISION);
      return new Update(renumbered, collisionCount);
    }
    Revisions.Created created = Revisions.create(revisionClient, set, wanted, collisionCount);
    history.add(created.revision());
    history.sort(Revisions.BY_REVISION);
    return new Update(created.revision(), created.collisionCount());
  }

  private void writeStatus(StatefulSet set, StatefulSetUpdater.Outcome outcome) {
    StatefulSetStatus status = outcome.status();
    // completeRollingUpdate: once every pod is updated and ready, the update revision is current.
    if ("RollingUpdate".equals(strategy(set)) && Objects.equals(status.getUpdatedReplicas(), status.getReplicas())
        && Objects.equals(status.getReadyReplicas(), status.getReplicas())) {
      status.setCurrentReplicas(status.getUpdatedReplicas());
      status.setCurrentRevision(status.getUpdateRevision());
    }
    List<StatefulSetCondition> conditions = new ArrayList<>(set.getStatus() == null || set.getStatus().getConditions() == null
        ? List.of() : set.getStatus().getConditions());
    StatefulSetCondition failure = conditions.stream().filter(c -> REPLICA_FAILURE.equals(c.getType())).findFirst().orElse(null);
    if (outcome.failure() != null && outcome.failure().getMessage() != null && isCreateFailure(status, set)) {
      String message = outcome.failure() instanceof io.fabric8.kubernetes.client.KubernetesClientException k
          ? StatefulPodControl.message(k) : outcome.failure().getMessage();
      if (failure == null || !"True".equals(failure.getStatus()) || !Objects.equals(failure.getMessage(), message)) {
        conditions.remove(failure);
        conditions.add(new StatefulSetCondition(Timestamps.format(clock.now()), message, "FailedCreate", "True", REPLICA_FAILURE));
      }
    } else if (outcome.failure() == null && failure != null) {
      conditions.remove(failure);
    }
    status.setConditions(conditions);
    if (sameStatus(status, set.getStatus())) {
      return;
    }
    setClient.editStatus(set.getMetadata().getNamespace(), set.getMetadata().getName(), fresh -> {
      if (!Objects.equals(fresh.getMetadata().getUid(), set.getMetadata().getUid())) {
        return null;
      }
      fresh.setStatus(status);
      return fresh;
    });
  }

  /** Whether two statuses say the same (the API may omit zeros). */
  static boolean sameStatus(StatefulSetStatus a, StatefulSetStatus b) {
    if (b == null) {
      return false;
    }
    return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        && n(a.getReplicas()) == n(b.getReplicas())
        && n(a.getReadyReplicas()) == n(b.getReadyReplicas())
        && n(a.getCurrentReplicas()) == n(b.getCurrentReplicas())
        && n(a.getUpdatedReplicas()) == n(b.getUpdatedReplicas())
        && n(a.getAvailableReplicas()) == n(b.getAvailableReplicas())
        && n(a.getCollisionCount()) == n(b.getCollisionCount())
        && Objects.equals(a.getCurrentRevision(), b.getCurrentRevision())
        && Objects.equals(a.getUpdateRevision(), b.getUpdateRevision())
        && conditionsKey(a.getConditions()).equals(conditionsKey(b.getConditions()));
  }

  private static int n(Integer i) {
    return i == null ? 0 : i;
  }

  private static List<String> conditionsKey(List<StatefulSetCondition> conditions) {
    return conditions == null ? List.of() : conditions.stream()
        .map(c -> c.getType() + "/" + c.getStatus() + "/" + c.getReason() + "/" + c.getMessage()).sorted().toList();
  }

  /** A failed pass with fewer pods than wanted: pods could not be created. */
  private static boolean isCreateFailure(StatefulSetStatus status, StatefulSet set) {
    return status.getReplicas() < StatefulPods.replicas(set);
  }

  private static String strategy(StatefulSet set) {
    var s = set.getSpec().getUpdateStrategy();
    return s == null || s.getType() == null ? "RollingUpdate" : s.getType();
  }

  /** Deletes the oldest revisions beyond revisionHistoryLimit that neither the status nor any pod uses. */
  private void truncateHistory(StatefulSet set, List<Pod> owned, List<ControllerRevision> history, ControllerRevision current,
      ControllerRevision update) {
    Set<String> live = new HashSet<>();
    live.add(current.getMetadata().getName());
    live.add(update.getMetadata().getName());
    for (Pod p : owned) {
      live.add(StatefulPods.revisionOf(p));
    }
    List<ControllerRevision> old = new ArrayList<>();
    for (ControllerRevision r : history) {
      if (!live.contains(r.getMetadata().getName())) {
        old.add(r);
      }
    }
    int limit = set.getSpec().getRevisionHistoryLimit() == null ? 10 : set.getSpec().getRevisionHistoryLimit();
    for (int i = 0; i < old.size() - limit; i++) {
      ControllerRevision r = old.get(i);
      revisionClient.delete(r.getMetadata().getNamespace(), r.getMetadata().getName(), Deletion.ofUid(r.getMetadata().getUid()));
    }
  }

  /** With minReadySeconds, look again when the next ready pod becomes available. */
  private static Result requeueForAvailability(StatefulSet set, List<Pod> owned, Instant now) {
    int minReady = set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
    Duration next = null;
    for (Pod p : owned) {
      Duration left = Pods.untilAvailable(p, minReady, now);
      if (!left.isZero() && (next == null || left.compareTo(next) < 0)) {
        next = left;
      }
    }
    return next == null ? Result.done() : Result.requeueAfter(next.plusMillis(100));
  }
}
