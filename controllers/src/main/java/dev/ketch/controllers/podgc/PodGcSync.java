package dev.ketch.controllers.podgc;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.Deletion;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of upstream's pod garbage collector: force-deletes (grace period 0) the oldest
 * terminated pods beyond the threshold (evicted ones first); pods bound to a node that has been
 * missing for the quarantine period (checked against the API), after marking them Failed with the
 * DisruptionTarget condition; terminating pods on a NotReady node tainted out-of-service; and
 * terminating pods that were never scheduled.
 *
 * <p>Not thread-safe: run by one worker.
 */
final class PodGcSync {

  private static final Logger log = LoggerFactory.getLogger(PodGcSync.class);
  static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

  private final ObjectCache<Pod> pods;
  private final ObjectCache<Node> nodes;
  private final ResourceClient<Pod> podClient;
  private final ResourceClient<Node> nodeClient;
  private final Clock clock;
  private final PodGcControllerConfig config;
  /** Nodes found missing, and since when (monotonic nanos). */
  private final Map<String, Long> missingSince = new HashMap<>();

  PodGcSync(Cluster cluster, Clock clock, PodGcControllerConfig config) {
    this.pods = cluster.lister(Pod.class);
    this.nodes = cluster.lister(Node.class);
    this.podClient = cluster.client(Pod.class);
    this.nodeClient = cluster.client(Node.class);
    this.clock = clock;
    this.config = config;
  }

  Result gc() {
    List<Pod> all = pods.listAll();
    if (config.terminatedPodThreshold() > 0) {
      gcTerminated(all);
    }
    gcTerminatingOutOfService(all);
    gcOrphaned(all);
    gcUnscheduledTerminating(all);
    return Result.requeueAfter(config.period());
  }

  private static final Comparator<Pod> EVICTED_THEN_OLDEST = Comparator
      .comparing((Pod p) -> !isEvicted(p))
      .thenComparing(p -> Objects.requireNonNullElse(Timestamps.parse(p.getMetadata().getCreationTimestamp()), Instant.EPOCH));

  private static boolean isEvicted(Pod p) {
    return Pods.FAILED.equals(Pods.phase(p)) && p.getStatus() != null && "Evicted".equals(p.getStatus().getReason());
  }

  private void gcTerminated(List<Pod> all) {
    List<Pod> terminated = new ArrayList<>(all.stream().filter(Pods::isTerminal).toList());
    int excess = terminated.size() - config.terminatedPodThreshold();
    if (excess <= 0) {
      return;
    }
    terminated.sort(EVICTED_THEN_OLDEST);
    for (Pod p : terminated.subList(0, excess)) {
      forceDelete(p, null);
    }
  }

  private void gcTerminatingOutOfService(List<Pod> all) {
    Set<String> outOfService = new HashSet<>();
    for (Node n : nodes.listAll()) {
      boolean tainted = n.getSpec() != null && n.getSpec().getTaints() != null
          && n.getSpec().getTaints().stream().anyMatch(t -> OUT_OF_SERVICE.equals(t.getKey()) && "NoExecute".equals(t.getEffect()));
      var ready = n.getStatus() == null || n.getStatus().getConditions() == null ? null
          : n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
      if (tainted && (ready == null || !"True".equals(ready.getStatus()))) {
        outOfService.add(n.getMetadata().getName());
      }
    }
    for (Pod p : all) {
      if (Pods.isTerminating(p) && outOfService.contains(Pods.nodeName(p))) {
        forceDelete(p, disruption("DeletionByPodGC", "PodGC: node is out of service"));
      }
    }
  }

  private void gcOrphaned(List<Pod> all) {
    Set<String> present = new HashSet<>();
    nodes.listAll().forEach(n -> present.add(n.getMetadata().getName()));
    long now = clock.nanoTime();
    Set<String> referenced = new HashSet<>();
    for (Pod p : all) {
      String node = Pods.nodeName(p);
      if (node == null || present.contains(node)) {
        continue;
      }
      referenced.add(node);
      missingSince.putIfAbsent(node, now);
    }
    missingSince.keySet().removeIf(n -> present.contains(n) || !referenced.contains(n));
    Set<String> gone = new HashSet<>();
    for (var e : missingSince.entrySet()) {
      if (now - e.getValue() >= config.quarantine().toNanos() && nodeClient.get("", e.getKey()) == null) {
        gone.add(e.getKey());
      }
    }
    for (Pod p : all) {
      if (gone.contains(Pods.nodeName(p))) {
        forceDelete(p, disruption("DeletionByPodGC", "PodGC: node no longer exists"));
      }
    }
  }

  private void gcUnscheduledTerminating(List<Pod> all) {
    for (Pod p : all) {
      if (Pods.isTerminating(p) && Pods.nodeName(p) == null) {
        forceDelete(p, null);
      }
    }
  }

  private PodCondition disruption(String reason, String message) {
    return new PodConditionBuilder().withType("DisruptionTarget").withStatus("True").withReason(reason).withMessage(message)
        .withLastTransitionTime(Timestamps.format(clock.now())).build();
  }

  /** Marks a pod that has not finished Failed (with {@code condition}), then deletes it with grace period 0. */
  private void forceDelete(Pod pod, PodCondition condition) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    String uid = pod.getMetadata().getUid();
    log.info("force deleting pod={}/{}", ns, name);
    try {
      if (!Pods.isTerminal(pod)) {
        podClient.editStatus(ns, name, fresh -> {
          if (!Objects.equals(fresh.getMetadata().getUid(), uid) || Pods.isTerminal(fresh)) {
            return null;
          }
          if (fresh.getStatus() == null) {
            fresh.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
          }
          fresh.getStatus().setPhase(Pods.FAILED);
          if (condition != null) {
            List<PodCondition> conditions = new ArrayList<>(fresh.getStatus().getConditions() == null
                ? List.of() : fresh.getStatus().getConditions());
            conditions.removeIf(c -> condition.getType().equals(c.getType()));
            conditions.add(condition);
            fresh.getStatus().setConditions(conditions);
          }
          return fresh;
        });
      }
      podClient.delete(ns, name, Deletion.ofUid(uid).withGracePeriod(0));
    } catch (KubernetesClientException e) {
      if (!ApiErrors.isNotFound(e) && !ApiErrors.isConflict(e)) {
        log.warn("pod GC failed pod={}/{}: {}", ns, name, e.getMessage());
      }
    }
  }
}
