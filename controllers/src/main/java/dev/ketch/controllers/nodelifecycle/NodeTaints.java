package dev.ketch.controllers.nodelifecycle;

import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Adds and removes a node's controller taints through the API (SwapNodeControllerTaint): reads
 * the node fresh, changes only the taints named, stamps added ones with the time, and retries on
 * conflict.
 */
final class NodeTaints {

  private NodeTaints() {}

  /**
   * Makes the node carry {@code add} (by key and effect) and not {@code remove}.
   *
   * @return false if the node is gone or is another node now
   */
  static boolean swap(ResourceClient<Node> nodes, Node node, List<Taint> add, List<Taint> remove, Instant now) {
    String uid = node.getMetadata().getUid();
    Node written = nodes.edit("", node.getMetadata().getName(), fresh -> {
      if (!Objects.equals(fresh.getMetadata().getUid(), uid)) {
        return null;
      }
      List<Taint> current = NodeConditions.taints(fresh);
      List<Taint> next = new ArrayList<>();
      for (Taint t : current) {
        boolean removed = remove.stream().anyMatch(r -> r.getKey().equals(t.getKey()) && r.getEffect().equals(t.getEffect()));
        boolean replaced = add.stream().anyMatch(a -> a.getKey().equals(t.getKey()) && a.getEffect().equals(t.getEffect()));
        if (!removed && !replaced) {
          next.add(t);
        } else if (replaced) {
          next.add(t);
        }
      }
      for (Taint a : add) {
        if (next.stream().noneMatch(t -> a.getKey().equals(t.getKey()) && a.getEffect().equals(t.getEffect()))) {
          Taint stamped = new Taint(a.getEffect(), a.getKey(), Timestamps.format(now), a.getValue());
          next.add(stamped);
        }
      }
      if (sameKeys(current, next)) {
        return null;
      }
      fresh.getSpec().setTaints(next);
      return fresh;
    });
    return written != null || nodes.get("", node.getMetadata().getName()) != null;
  }

  private static boolean sameKeys(List<Taint> a, List<Taint> b) {
    return a.stream().map(t -> t.getKey() + ":" + t.getEffect()).sorted().toList()
        .equals(b.stream().map(t -> t.getKey() + ":" + t.getEffect()).sorted().toList());
  }
}
