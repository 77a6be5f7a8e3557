package dev.ketch.controllers.daemonset;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.ControllerRefManager;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Expectations;
import dev.ketch.controllers.pods.PodControl;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetCondition;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reconciles one DaemonSet (upstream's syncDaemonSet): its history, one pod per node that should
 * run it (created pinned to the node by required node affinity, for the scheduler to bind), pods
 * deleted from nodes that should not run them and failed pods deleted with a per-node back-off,
 * the rolling update, and the status {@code kubectl rollout status} reads. While the informer has
 * not shown the pods it created or deleted (expectations), it only updates the status.
 */
final class DaemonSetSync {

  static final String REPLICA_FAILURE = "ReplicaFailure";
  private static final int BURST_REPLICAS = 250;

  private final ObjectCache<DaemonSet> sets;
  private final ObjectCache<Pod> pods;
  private final ObjectCache<Node> nodes;
  private final ResourceClient<DaemonSet> dsClient;
  private final ResourceClient<Pod> podClient;
  private final PodControl podControl;
  private final DaemonSetHistory history;
  private final Expectations<ObjectKey> expectations;
  private final FailedPodBackoff backoff;
  private final EventRecorder recorder;
  private final Clock clock;

  DaemonSetSync(Cluster cluster, EventRecorder recorder, Clock clock, Expectations<ObjectKey> expectations) {
    this.sets = cluster.lister(DaemonSet.class);
    this.pods = cluster.lister(Pod.class);
    this.nodes = cluster.lister(Node.class);
    this.dsClient = cluster.client(DaemonSet.class);
    this.podClient = cluster.client(Pod.class);
    this.podControl = new PodControl(podClient, recorder);
    this.history = new DaemonSetHistory(cluster);
    this.expectations = expectations;
    this.backoff = new FailedPodBackoff(clock, Duration.ofSeconds(1), Duration.ofMinutes(15));
    this.recorder = recorder;
    this.clock = clock;
  }

  Result sync(ObjectKey key) {
    DaemonSet cached = sets.get(key.namespace(), key.name());
    if (cached == null) {
      expectations.forget(key);
      backoff.forget(key + "/");
      return Result.done();
    }
    DaemonSet ds = Pods.copy(cached);
    if (Selector.isEmpty(ds.getSpec().getSelector())) {
      recorder.event(ds, EventType.WARNING, "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.");
      return Result.done();
    }
    if (ds.getMetadata().getDeletionTimestamp() != null) {
      return Result.done();
    }
    List<Node> nodeList = nodes.listAll();
    DaemonSetHistory.History h = history.construct(ds, () -> stillExists(ds));
    List<Pod> owned = claimPods(ds);
    Instant now = clock.now();
    if (!expectations.satisfied(key)) {
      writeStatus(ds, nodeList, nodeToPods(owned), h.hash(), false, null, now);
      return Result.done();
    }
    RuntimeException failure = null;
    Duration requeue = null;
    try {
      requeue = manage(key, ds, nodeList, nodeToPods(owned), h.hash());
      if (expectations.satisfied(key) && "RollingUpdate".equals(strategy(ds))) {
        var plan = DaemonSetRollingUpdate.plan(ds, nodeList, nodeToPods(owned), h.hash(), now);
        syncNodes(key, ds, plan.delete(), plan.create(), h.hash());
      }
      history.cleanup(ds, h.old(), owned);
    } catch (RuntimeException e) {
      failure = e;
    }
    writeStatus(ds, nodeList, nodeToPods(owned), h.hash(), true, failure, now);
    if (failure != null) {
      throw failure;
    }
    Duration available = untilAvailable(ds, owned, now);
    if (available != null && (requeue == null || available.compareTo(requeue) < 0)) {
      requeue = available;
    }
    return requeue == null ? Result.done() : Result.requeueAfter(requeue);
  }

  private static String strategy(DaemonSet ds) {
    return ds.getSpec().getUpdateStrategy() == null || ds.getSpec().getUpdateStrategy().getType() == null
        ? "RollingUpdate" : ds.getSpec().getUpdateStrategy().getType();
  }

  private boolean stillExists(DaemonSet ds) {
    DaemonSet fresh = dsClient.get(ds.getMetadata().getNamespace(), ds.getMetadata().getName());
    return fresh != null && Objects.equals(fresh.getMetadata().getUid(), ds.getMetadata().getUid())
        && fresh.getMetadata().getDeletionTimestamp() == null;
  }

  private List<Pod> claimPods(DaemonSet ds) {
    var manager = new ControllerRefManager<>(podClient, ds, ControllerRefs.newControllerRef(ds, DaemonPods.API_VERSION, DaemonPods.KIND),
        (Pod p) -> Selector.matches(ds.getSpec().getSelector(), p.getMetadata().getLabels()), () -> stillExists(ds), p -> p);
    return manager.claim(pods.list(ds.getMetadata().getNamespace()));
  }

  /** The pods of each node by target node name, leaving out deleted terminal ones. */
  private static Map<String, List<Pod>> nodeToPods(List<Pod> owned) {
    Map<String, List<Pod>> map = new HashMap<>();
    for (Pod p : owned) {
      if (Pods.isTerminal(p) && Pods.isTerminating(p)) {
        continue;
      }
      String node = DaemonPods.targetNode(p);
      if (node != null) {
        map.computeIfAbsent(node, n -> new ArrayList<>()).add(p);
      }
    }
    return map;
  }

  /** Creates and deletes pods so each node runs what it should; returns when to look again for back-off, or null. */
  private Duration manage(ObjectKey key, DaemonSet ds, List<Node> nodeList, Map<String, List<Pod>> nodeToPods, String hash) {
    List<String> needing = new ArrayList<>();
    List<Pod> toDelete = new ArrayList<>();
    Duration requeue = null;
    boolean surge = allowsSurge(ds);
    Set<String> known = new HashSet<>();
    for (Node node : nodeList) {
      String name = node.getMetadata().getName();
      known.add(name);
      DaemonPods.Placement placement = DaemonPods.placement(ds, node);
      List<Pod> onNode = nodeToPods.get(name);
      boolean exists = onNode != null && !onNode.isEmpty();
      if (placement.shouldRun() && !exists) {
        needing.add(name);
      } else if (placement.shouldContinueRunning() && exists) {
        List<Pod> running = new ArrayList<>();
        for (Pod p : onNode) {
          if (Pods.isTerminating(p)) {
            continue;
          }
          if (Pods.FAILED.equals(Pods.phase(p))) {
            String backoffKey = key + "/" + name;
            if (backoff.inBackoff(backoffKey)) {
              Duration delay = backoff.delay(backoffKey);
              requeue = requeue == null || delay.compareTo(requeue) < 0 ? delay : requeue;
              continue;
            }
            backoff.next(backoffKey);
            recorder.event(ds, EventType.WARNING, "FailedDaemonPod", "Found failed daemon pod " + p.getMetadata().getNamespace()
                + "/" + p.getMetadata().getName() + " on node " + name + ", will try to kill it");
            toDelete.add(p);
          } else if (Pods.SUCCEEDED.equals(Pods.phase(p))) {
            toDelete.add(p);
          } else {
            running.add(p);
          }
        }
        toDelete.addAll(surplus(ds, running, hash, surge));
      } else if (!placement.shouldContinueRunning() && exists) {
        onNode.stream().filter(p -> !Pods.isTerminating(p)).forEach(toDelete::add);
      }
    }
    // Pods aimed at nodes that no longer exist will never be scheduled, nor collected by pod GC.
    for (var e : nodeToPods.entrySet()) {
      if (!known.contains(e.getKey())) {
        e.getValue().stream().filter(p -> Pods.nodeName(p) == null && !Pods.isTerminating(p)).forEach(toDelete::add);
      }
    }
    syncNodes(key, ds, toDelete, needing, hash);
    return requeue;
  }

  private static final Comparator<Pod> OLDEST_FIRST = Comparator
      .comparing((Pod p) -> Objects.requireNonNullElse(Timestamps.parse(p.getMetadata().getCreationTimestamp()), Instant.EPOCH))
      .thenComparing(p -> p.getMetadata().getName());

  /** The running pods of one node beyond what may run there. */
  private List<Pod> surplus(DaemonSet ds, List<Pod> running, String hash, boolean surge) {
    List<Pod> extra = new ArrayList<>();
    if (running.size() <= 1) {
      return extra;
    }
    running.sort(OLDEST_FIRST);
    if (!surge) {
      extra.addAll(running.subList(1, running.size()));
      return extra;
    }
    Pod oldestNew = null;
    Pod oldestOld = null;
    for (Pod p : running) {
      boolean isNew = hash.equals(p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(DaemonPods.HASH_LABEL));
      if (isNew && oldestNew == null) {
        oldestNew = p;
      } else if (!isNew && oldestOld == null) {
        oldestOld = p;
      } else {
        extra.add(p);
      }
    }
    int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
    if (oldestNew != null && oldestOld != null
        && (!Pods.isReady(oldestOld) || Pods.isAvailable(oldestNew, minReady, clock.now()))) {
      extra.add(oldestOld);
    }
    return extra;
  }

  private static boolean allowsSurge(DaemonSet ds) {
    var ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
    if (ru == null || ru.getMaxSurge() == null || !"RollingUpdate".equals(strategy(ds))) {
      return false;
    }
    return ru.getMaxSurge().getIntVal() != null ? ru.getMaxSurge().getIntVal() > 0 : !"0%".equals(ru.getMaxSurge().getStrVal());
  }

  /**
   * Deletes {@code toDelete} and creates a pod on each of {@code nodes}, at most 250 of each, with
   * expectations set first; creations go in slow-start batches (1, 2, 4…) that stop after a batch
   * with a failure, so a DaemonSet whose pods are refused does not flood the API or its events.
   */
  private void syncNodes(ObjectKey key, DaemonSet ds, List<Pod> toDelete, List<String> nodesNeeding, String hash) {
    int creates = Math.min(nodesNeeding.size(), BURST_REPLICAS);
    int deletes = Math.min(toDelete.size(), BURST_REPLICAS);
    expectations.expect(key, creates, deletes);
    RuntimeException failure = null;
    PodTemplateSpec template = DaemonPods.podTemplate(ds, hash);
    int pos = 0;
    for (int batch = Math.min(1, creates); pos < creates; batch = Math.min(2 * batch, creates - pos)) {
      boolean failed = false;
      for (int i = pos; i < pos + batch; i++) {
        try {
          podControl.create(DaemonPods.newPod(ds, template, nodesNeeding.get(i)), ds);
        } catch (KubernetesClientException e) {
          expectations.creationObserved(key);
          failed = true;
          failure = failure == null ? e : failure;
        }
      }
      pos += batch;
      if (failed) {
        for (int skipped = pos; skipped < creates; skipped++) {
          expectations.creationObserved(key);
        }
        break;
      }
    }
    for (int i = 0; i < deletes; i++) {
      try {
        if (!podControl.delete(toDelete.get(i), ds)) {
          expectations.deletionObserved(key);
        }
      } catch (KubernetesClientException e) {
        expectations.deletionObserved(key);
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void writeStatus(DaemonSet ds, List<Node> nodeList, Map<String, List<Pod>> nodeToPods, String hash, boolean observed,
      RuntimeException failure, Instant now) {
    int desired = 0;
    int current = 0;
    int misscheduled = 0;
    int ready = 0;
    int updated = 0;
    int available = 0;
    int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
    Long generation = DaemonPods.templateGeneration(ds);
    for (Node node : nodeList) {
      boolean shouldRun = DaemonPods.placement(ds, node).shouldRun();
      List<Pod> onNode = nodeToPods.getOrDefault(node.getMetadata().getName(), List.of());
      boolean scheduled = !onNode.isEmpty();
      if (!shouldRun) {
        misscheduled += scheduled ? 1 : 0;
        continue;
      }
      desired++;
      if (!scheduled) {
        continue;
      }
      current++;
      Pod pod = onNode.stream().sorted(OLDEST_FIRST).findFirst().orElseThrow();
      if (Pods.isReady(pod)) {
        ready++;
        available += Pods.isAvailable(pod, minReady, now) ? 1 : 0;
      }
      updated += DaemonPods.isUpdated(pod, hash, generation) ? 1 : 0;
    }
    DaemonSetStatus status = Pods.copy(ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus());
    status.setDesiredNumberScheduled(desired);
    status.setCurrentNumberScheduled(current);
    status.setNumberMisscheduled(misscheduled);
    status.setNumberReady(ready);
    status.setUpdatedNumberScheduled(updated);
    status.setNumberAvailable(available);
    status.setNumberUnavailable(desired - available);
    if (observed) {
      status.setObservedGeneration(ds.getMetadata().getGeneration());
    }
    status.setConditions(conditions(ds, failure));
    if (DaemonSetStatuses.same(status, ds.getStatus())) {
      return;
    }
    dsClient.editStatus(ds.getMetadata().getNamespace(), ds.getMetadata().getName(), fresh -> {
      if (!Objects.equals(fresh.getMetadata().getUid(), ds.getMetadata().getUid())) {
        return null;
      }
      status.setCollisionCount(fresh.getStatus() == null ? null : fresh.getStatus().getCollisionCount());
      fresh.setStatus(status);
      return fresh;
    });
  }

  /** The ReplicaFailure condition while pods cannot be created, dropped once they can. */
  private List<DaemonSetCondition> conditions(DaemonSet ds, RuntimeException failure) {
    List<DaemonSetCondition> conditions = new ArrayList<>(ds.getStatus() == null || ds.getStatus().getConditions() == null
        ? List.of() : ds.getStatus().getConditions());
    DaemonSetCondition existing = conditions.stream().filter(c -> REPLICA_FAILURE.equals(c.getType())).findFirst().orElse(null);
    if (failure instanceof KubernetesClientException k && isCreateFailure(k)) {
      String message = PodControl.message(k);
      if (existing == null || !Objects.equals(existing.getMessage(), message)) {
        conditions.remove(existing);
        conditions.add(new DaemonSetCondition(Timestamps.format(clock.now()), message, "FailedCreate", "True", REPLICA_FAILURE));
      }
    } else if (failure == null && existing != null) {
      conditions.remove(existing);
    }
    return conditions;
  }

  private static boolean isCreateFailure(KubernetesClientException e) {
    return e.getCode() == 403 || e.getCode() == 422 || e.getCode() == 400 || e.getCode() == 409;
  }

  private static Duration untilAvailable(DaemonSet ds, List<Pod> owned, Instant now) {
    int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
    Duration next = null;
    for (Pod p : owned) {
      Duration left = Pods.untilAvailable(p, minReady, now);
      if (!left.isZero() && (next == null || left.compareTo(next) < 0)) {
        next = left;
      }
    }
    return next == null ? null : next.plusMillis(100);
  }
}
