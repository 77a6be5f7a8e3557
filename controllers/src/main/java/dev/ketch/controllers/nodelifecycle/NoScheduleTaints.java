package dev.ketch.controllers.nodelifecycle;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a node's NoSchedule taints in line with its conditions and schedulability (upstream's
 * doNoScheduleTaintingPass): not-ready and unreachable from Ready, the pressure and
 * network-unavailable taints from theirs, unschedulable from {@code spec.unschedulable}. Taints
 * of other keys are left alone.
 */
final class NoScheduleTaints {

  private final ObjectCache<Node> nodes;
  private final ResourceClient<Node> client;
  private final Clock clock;

  NoScheduleTaints(Cluster cluster, Clock clock) {
    this.nodes = cluster.lister(Node.class);
    this.client = cluster.client(Node.class);
    this.clock = clock;
  }

  Result sync(ObjectKey key) {
    Node node = nodes.get("", key.name());
    if (node == null) {
      return Result.done();
    }
    List<String> wanted = NodeConditions.wantedNoScheduleKeys(node);
    List<String> have = NodeConditions.taints(node).stream()
        .filter(t -> "NoSchedule".equals(t.getEffect()) && NodeConditions.managedNoScheduleKey(t.getKey())).map(Taint::getKey).toList();
    List<Taint> add = new ArrayList<>();
    List<Taint> remove = new ArrayList<>();
    for (String k : wanted) {
      if (!have.contains(k)) {
        add.add(new TaintBuilder().withKey(k).withEffect("NoSchedule").build());
      }
    }
    for (String k : have) {
      if (!wanted.contains(k)) {
        remove.add(new TaintBuilder().withKey(k).withEffect("NoSchedule").build());
      }
    }
    if (!add.isEmpty() || !remove.isEmpty()) {
      NodeTaints.swap(client, node, add, remove, clock.now());
    }
    return Result.done();
  }
}
