package dev.ketch.controllers.nodelifecycle;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tracks when each node was last heard from (upstream's tryUpdateNodeHealth): a new heartbeat in
 * its Ready condition, or a renewal of its Lease in {@code kube-node-lease}, moves the node's
 * probe time to now (this controller's clock, not the node's). A node not heard from for longer
 * than the grace period (the startup grace period if it never posted a Ready condition) gets
 * Ready, MemoryPressure, DiskPressure and PIDPressure set to Unknown.
 *
 * <p>Not thread-safe: used by the one monitor worker.
 */
final class NodeHealth {

  static final String LEASE_NAMESPACE = "kube-node-lease";

  /** What was last seen of a node. */
  private record Seen(Instant probe, Instant readyTransition, NodeCondition ready, Instant leaseRenew) {
    Seen withProbe(Instant now, Instant renew) {
      return new Seen(now, readyTransition, ready, renew);
    }
  }

  /** The Ready condition as the node posted it (observed) and as it is after this check (current, null if none). */
  record Checked(NodeCondition observed, NodeCondition current) {}

  private final ObjectCache<Lease> leases;
  private final ResourceClient<Node> nodes;
  private final NodeLifecycleControllerConfig config;
  private final Map<String, Seen> seen = new HashMap<>();

  NodeHealth(ObjectCache<Lease> leases, ResourceClient<Node> nodes, NodeLifecycleControllerConfig config) {
    this.leases = leases;
    this.nodes = nodes;
    this.config = config;
  }

  void forget(String node) {
    seen.remove(node);
  }

  /** Treats every node as heard from now (when leaving full disruption). */
  void resetProbes(Instant now) {
    seen.replaceAll((k, s) -> new Seen(now, now, s.ready(), s.leaseRenew()));
  }

  Checked check(Node cached, Instant now) {
    Node node = Pods.copy(cached);
    String name = node.getMetadata().getName();
    Instant created = Objects.requireNonNullElse(Timestamps.parse(node.getMetadata().getCreationTimestamp()), now);
    NodeCondition current = NodeConditions.find(node, NodeConditions.READY);
    NodeCondition observed;
    Duration grace;
    Seen s = seen.get(name);
    if (current == null) {
      observed = new NodeCondition(node.getMetadata().getCreationTimestamp(), node.getMetadata().getCreationTimestamp(), null, null,
          "Unknown", NodeConditions.READY);
      grace = config.startupGracePeriod();
      s = s == null ? new Seen(created, created, null, null) : new Seen(s.probe(), s.readyTransition(), null, s.leaseRenew());
    } else {
      observed = Pods.copy(current);
      grace = config.gracePeriod();
    }
    NodeCondition saved = s == null ? null : s.ready();
    if (s == null) {
      s = new Seen(now, now, current, null);
    } else if (saved == null && current != null) {
      s = new Seen(now, now, current, s.leaseRenew());
    } else if (saved != null && current != null && !Objects.equals(saved.getLastHeartbeatTime(), current.getLastHeartbeatTime())) {
      Instant transition = Objects.equals(saved.getLastTransitionTime(), current.getLastTransitionTime()) ? s.readyTransition() : now;
      s = new Seen(now, transition, current, s.leaseRenew());
    }
    Lease lease = leases.get(LEASE_NAMESPACE, name);
    Instant renew = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null
        ? null : lease.getSpec().getRenewTime().toInstant();
    if (renew != null && (s.leaseRenew() == null || s.leaseRenew().isBefore(renew))) {
      s = s.withProbe(now, renew);
    }
    NodeCondition after = current;
    if (now.isAfter(s.probe().plus(grace))) {
      after = markUnknown(node, created, now);
      if (!sameCondition(after, observed)) {
        writeUnknown(cached, node);
        s = new Seen(s.probe(), now, after, s.leaseRenew());
      }
    }
    seen.put(name, s);
    return new Checked(observed, after);
  }

  /** Sets the kubelet's conditions of {@code node} to Unknown; returns its Ready condition. */
  private static NodeCondition markUnknown(Node node, Instant created, Instant now) {
    if (node.getStatus() == null) {
      node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
    }
    List<NodeCondition> conditions = node.getStatus().getConditions() == null
        ? new ArrayList<>() : new ArrayList<>(node.getStatus().getConditions());
    String t = Timestamps.format(now);
    for (String type : NodeConditions.KUBELET_CONDITIONS) {
      NodeCondition c = conditions.stream().filter(x -> type.equals(x.getType())).findFirst().orElse(null);
      if (c == null) {
        conditions.add(new NodeCondition(Timestamps.format(created), t, "Kubelet never posted node status.", "NodeStatusNeverUpdated",
            "Unknown", type));
      } else if (!"Unknown".equals(c.getStatus())) {
        c.setStatus("Unknown");
        c.setReason("NodeStatusUnknown");
        c.setMessage("Kubelet stopped posting node status.");
        c.setLastTransitionTime(t);
      }
    }
    node.getStatus().setConditions(conditions);
    return NodeConditions.find(node, NodeConditions.READY);
  }

  private static boolean sameCondition(NodeCondition a, NodeCondition b) {
    return Objects.equals(a.getStatus(), b.getStatus()) && Objects.equals(a.getReason(), b.getReason())
        && Objects.equals(a.getLastTransitionTime(), b.getLastTransitionTime())
        && Objects.equals(a.getLastHeartbeatTime(), b.getLastHeartbeatTime());
  }

  /**
   * Writes the Unknown conditions unless the kubelet posted a new heartbeat since {@code cached}
   * was read (then the node is not silent after all).
   */
  private void writeUnknown(Node cached, Node changed) {
    NodeCondition before = NodeConditions.find(cached, NodeConditions.READY);
    String heartbeat = before == null ? null : before.getLastHeartbeatTime();
    nodes.editStatus("", cached.getMetadata().getName(), fresh -> {
      NodeCondition ready = NodeConditions.find(fresh, NodeConditions.READY);
      if (!Objects.equals(fresh.getMetadata().getUid(), cached.getMetadata().getUid())
          || !Objects.equals(ready == null ? null : ready.getLastHeartbeatTime(), heartbeat)) {
        return null;
      }
      if (fresh.getStatus() == null) {
        fresh.setStatus(changed.getStatus());
      } else {
        fresh.getStatus().setConditions(changed.getStatus().getConditions());
      }
      return fresh;
    });
  }
}
