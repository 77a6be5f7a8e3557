package dev.ketch.controllers.tainteviction;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.Deletion;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.scheduling.Taints;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Evicts pods from nodes with NoExecute taints they do not tolerate (upstream's taint eviction
 * controller, processPodOnNode): a pod that does not tolerate every NoExecute taint of its node
 * is deleted at once; one that tolerates them all for a limited time is deleted when the shortest
 * tolerationSeconds has passed since its eviction was first scheduled; removing the taints or
 * tolerating them forever cancels a scheduled eviction. An evicted pod gets the DisruptionTarget
 * condition before it is deleted; each step is recorded as a {@code TaintManagerEviction} event.
 * The schedule is held in memory, as upstream's.
 */
final class TaintEvictionSync {

  private final ObjectCache<Pod> pods;
  private final ObjectCache<Node> nodes;
  private final ResourceClient<Pod> podClient;
  private final EventRecorder recorder;
  private final Clock clock;
  /** When each pod's eviction was first scheduled. */
  private final ConcurrentMap<ObjectKey, Instant> scheduled = new ConcurrentHashMap<>();

  TaintEvictionSync(Cluster cluster, EventRecorder recorder, Clock clock) {
    this.pods = cluster.lister(Pod.class);
    this.nodes = cluster.lister(Node.class);
    this.podClient = cluster.client(Pod.class);
    this.recorder = recorder;
    this.clock = clock;
  }

  /** The NoExecute taints of a node. */
  static List<Taint> noExecuteTaints(Node node) {
    List<Taint> out = new ArrayList<>();
    if (node != null && node.getSpec() != null && node.getSpec().getTaints() != null) {
      for (Taint t : node.getSpec().getTaints()) {
        if (Taints.isNoExecute(t)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  Result sync(ObjectKey key) {
    Pod pod = pods.get(key.namespace(), key.name());
    if (pod == null || Pods.isTerminating(pod)) {
      scheduled.remove(key);
      return Result.done();
    }
    String nodeName = Pods.nodeName(pod);
    if (nodeName == null) {
      return Result.done();
    }
    List<Taint> taints = noExecuteTaints(nodes.get("", nodeName));
    if (taints.isEmpty()) {
      cancel(key);
      return Result.done();
    }
    List<Toleration> used = Taints.matchingTolerations(taints, pod.getSpec().getTolerations());
    Instant now = clock.now();
    if (used == null) {
      cancel(key);
      evict(pod);
      return Result.done();
    }
    Duration tolerated = Taints.minTolerationTime(used);
    if (tolerated == null) {
      cancel(key);
      return Result.done();
    }
    Instant start = scheduled.computeIfAbsent(key, k -> now);
    Instant fire = start.plus(tolerated);
    if (!fire.isAfter(now)) {
      scheduled.remove(key);
      evict(pod);
      return Result.done();
    }
    return Result.requeueAfter(Duration.between(now, fire));
  }

  private void cancel(ObjectKey key) {
    if (scheduled.remove(key) != null) {
      recorder.event(podRef(key), EventType.NORMAL, "TaintManagerEviction", "Cancelling deletion of Pod " + key);
    }
  }

  private static ObjectReference podRef(ObjectKey key) {
    return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withNamespace(key.namespace()).withName(key.name()).build();
  }

  /** Marks the pod as disrupted by the taint manager, then deletes it (that uid only). */
  private void evict(Pod pod) {
    ObjectKey key = ObjectKey.of(pod);
    recorder.event(pod, EventType.NORMAL, "TaintManagerEviction", "Marking for deletion Pod " + key);
    String uid = pod.getMetadata().getUid();
    try {
      podClient.editStatus(key.namespace(), key.name(), fresh -> {
        if (!Objects.equals(fresh.getMetadata().getUid(), uid)) {
          return null;
        }
        PodCondition existing = Pods.condition(fresh, "DisruptionTarget");
        if (existing != null && "True".equals(existing.getStatus())) {
          return null;
        }
        if (fresh.getStatus() == null) {
          fresh.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        }
        List<PodCondition> conditions = new ArrayList<>(fresh.getStatus().getConditions() == null
            ? List.of() : fresh.getStatus().getConditions());
        conditions.removeIf(c -> "DisruptionTarget".equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True").withReason("DeletionByTaintManager")
            .withMessage("Taint manager: deleting due to NoExecute taint").withLastTransitionTime(Timestamps.format(clock.now())).build());
        fresh.getStatus().setConditions(conditions);
        return fresh;
      });
      podClient.delete(key.namespace(), key.name(), Deletion.ofUid(uid));
    } catch (KubernetesClientException e) {
      if (!ApiErrors.isNotFound(e) && !ApiErrors.isConflict(e)) {
        throw e;
      }
    }
  }
}
