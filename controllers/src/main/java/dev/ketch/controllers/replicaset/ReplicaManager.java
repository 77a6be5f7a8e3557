package dev.ketch.controllers.replicaset;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.Expectations;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.PodDeletionOrder;
import dev.ketch.controllers.pods.PodTemplates;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and deletes a ReplicaSet's pods to match its replicas, as upstream's manageReplicas: at
 * most {@code burstReplicas} per pass; creations in slow-start batches (1, 2, 4…) so that a
 * template the API refuses fails once, not five hundred times; deletions of the pods {@link
 * PodDeletionOrder} puts first, in parallel. Every request is announced to the {@link
 * Expectations} first and taken back if it fails.
 *
 * <p>Thread-safe; requests run on the given executor.
 */
final class ReplicaManager {

  private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class);

  /** What went wrong creating or deleting; the reason of the ReplicaFailure condition. */
  static final class ManageException extends Exception {
    private final String reason;

    ManageException(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  private final ReplicatedKind kind;
  private final ResourceClient<Pod> podClient;
  private final Expectations<ObjectKey> expectations;
  private final EventRecorder recorder;
  private final Clock clock;
  private final Executor executor;
  private final int burstReplicas;

  ReplicaManager(ReplicatedKind kind, ResourceClient<Pod> podClient, Expectations<ObjectKey> expectations,
      EventRecorder recorder, Clock clock, Executor executor, int burstReplicas) {
    this.kind = kind;
    this.podClient = podClient;
    this.expectations = expectations;
    this.recorder = recorder;
    this.clock = clock;
    this.executor = executor;
    this.burstReplicas = burstReplicas;
  }

  /**
   * Creates or deletes pods so that {@code owned} (the active pods {@code rs} controls) moves
   * towards its replicas.
   *
   * @param related active pods of {@code rs} and of its sibling ReplicaSets (same controller),
   *     for ranking pods that share a node
   * @throws ManageException if a request failed (each failure is also an event)
   */
  void manage(ReplicaSet rs, List<Pod> owned, List<Pod> related) throws ManageException {
    ObjectKey key = ObjectKey.of(rs);
    int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    int diff = owned.size() - replicas;
    if (diff < 0) {
      create(rs, key, Math.min(-diff, burstReplicas));
    } else if (diff > 0) {
      delete(rs, key, owned, related, Math.min(diff, burstReplicas));
    }
  }

  private void create(ReplicaSet rs, ObjectKey key, int count) throws ManageException {
    log.debug("too few replicas {}={} creating={}", kind.kind(), key, count);
    expectations.expectCreations(key, count);
    OwnerReference ref = ControllerRefs.newControllerRef(rs, kind.apiVersion(), kind.kind());
    AtomicReference<String> firstError = new AtomicReference<>();
    int created = slowStartBatch(count, i -> {
      Pod pod = PodTemplates.podFor(rs.getSpec().getTemplate(), rs, ref);
      try {
        Pod made = podClient.create(pod);
        recorder.event(rs, EventType.NORMAL, "SuccessfulCreate", "Created pod: " + made.getMetadata().getName());
        return true;
      } catch (RuntimeException e) {
        if (ApiErrors.isNamespaceTerminating(e)) {
          // Creation will keep failing until the namespace is gone; nothing to report.
          expectations.creationObserved(key);
          return true;
        }
        String message = ApiErrors.message(e);
        recorder.event(rs, EventType.WARNING, "FailedCreate", "Error creating: " + message);
        firstError.compareAndSet(null, message);
        return false;
      }
    });
    // Pods never asked for, or refused, will never be seen: stop waiting for them.
    for (int i = created; i < count; i++) {
      expectations.creationObserved(key);
    }
    if (firstError.get() != null) {
      throw new ManageException("FailedCreate", firstError.get());
    }
  }

  /**
   * Runs {@code count} calls in batches of 1, 2, 4… in parallel, stopping after a batch with a
   * failure. Returns how many calls succeeded.
   */
  private int slowStartBatch(int count, IntPredicate call) {
    int remaining = count;
    int successes = 0;
    int index = 0;
    for (int batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining)) {
      AtomicInteger ok = new AtomicInteger();
      List<CompletableFuture<Void>> running = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        int n = index++;
        running.add(CompletableFuture.runAsync(() -> {
          if (call.test(n)) {
            ok.incrementAndGet();
          }
        }, executor));
      }
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
      successes += ok.get();
      if (ok.get() < batch) {
        return successes;
      }
      remaining -= batch;
    }
    return successes;
  }

  private void delete(ReplicaSet rs, ObjectKey key, List<Pod> owned, List<Pod> related, int count) throws ManageException {
    List<Pod> victims = podsToDelete(owned, related, count);
    log.debug("too many replicas {}={} deleting={}", kind.kind(), key, victims.size());
    Set<String> keys = new LinkedHashSet<>();
    victims.forEach(p -> keys.add(Pods.key(p)));
    expectations.expectDeletions(key, keys);
    AtomicReference<String> firstError = new AtomicReference<>();
    List<CompletableFuture<Void>> running = new ArrayList<>(victims.size());
    for (Pod pod : victims) {
      running.add(CompletableFuture.runAsync(() -> {
        var meta = pod.getMetadata();
        try {
          podClient.delete(meta.getNamespace(), meta.getName(), meta.getUid());
          recorder.event(rs, EventType.NORMAL, "SuccessfulDelete", "Deleted pod: " + meta.getName());
        } catch (RuntimeException e) {
          // No deletion event will come for this pod.
          expectations.deletionObserved(key, Pods.key(pod));
          if (!ApiErrors.isNotFound(e)) {
            String message = ApiErrors.message(e);
            recorder.event(rs, EventType.WARNING, "FailedDelete", "Error deleting: " + message);
            firstError.compareAndSet(null, message);
          }
        }
      }, executor));
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    if (firstError.get() != null) {
      throw new ManageException("FailedDelete", firstError.get());
    }
  }

  /** The {@code count} pods of {@code owned} to delete first, ranked by related pods on their node. */
  List<Pod> podsToDelete(List<Pod> owned, List<Pod> related, int count) {
    if (count >= owned.size()) {
      return owned;
    }
    Map<String, Integer> onNode = new HashMap<>();
    for (Pod p : related) {
      if (Pods.isActive(p)) {
        onNode.merge(Pods.nodeName(p), 1, Integer::sum);
      }
    }
    List<Pod> sorted = new ArrayList<>(owned);
    sorted.sort(new PodDeletionOrder(p -> onNode.getOrDefault(Pods.nodeName(p), 0), clock.now()));
    return sorted.subList(0, count);
  }
}
