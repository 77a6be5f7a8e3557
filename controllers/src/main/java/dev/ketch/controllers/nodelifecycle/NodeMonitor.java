package dev.ketch.controllers.nodelifecycle;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One pass of upstream's monitorNodeHealth, every monitor period: registers new nodes and forgets
 * deleted ones (with events), checks each node's health ({@link NodeHealth}), marks the pods of a
 * node that stopped being ready NotReady, queues nodes that are not ready for their NoExecute
 * taint ({@code not-ready} if the node says so, {@code unreachable} if it is silent) and removes it
 * from ready ones, works out each zone's disruption state and with it the tainting rate, and then
 * lets through as many queued nodes as the zones' rates allow.
 *
 * <p>Not thread-safe: run by one worker.
 */
final class NodeMonitor {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NodeMonitor.class);

  enum ZoneState { INITIAL, NORMAL, PARTIAL_DISRUPTION, FULL_DISRUPTION }

  private final ObjectCache<Node> nodes;
  private final ObjectCache<Pod> pods;
  private final ResourceClient<Node> nodeClient;
  private final ResourceClient<Pod> podClient;
  private final NodeHealth health;
  private final EventRecorder recorder;
  private final Clock clock;
  private final NodeLifecycleControllerConfig config;
  private final Map<String, Node> known = new HashMap<>();
  private final Map<String, ZoneTainter> tainters = new HashMap<>();
  private final Map<String, ZoneState> zoneStates = new HashMap<>();

  NodeMonitor(Cluster cluster, EventRecorder recorder, Clock clock, NodeLifecycleControllerConfig config) {
    this.nodes = cluster.lister(Node.class);
    this.pods = cluster.lister(Pod.class);
    this.nodeClient = cluster.client(Node.class);
    this.podClient = cluster.client(Pod.class);
    this.health = new NodeHealth(cluster.lister(Lease.class), nodeClient, config);
    this.recorder = recorder;
    this.clock = clock;
    this.config = config;
  }

  Result monitor() {
    Instant now = clock.now();
    List<Node> all = nodes.listAll();
    Set<String> present = new HashSet<>();
    for (Node n : all) {
      String name = n.getMetadata().getName();
      present.add(name);
      if (!known.containsKey(name)) {
        recorder.event(n, EventType.NORMAL, "RegisteredNode", "Node " + name + " event: Registered Node " + name + " in Controller");
        tainters.computeIfAbsent(NodeConditions.zone(n), z -> new ZoneTainter(clock, config.evictionQps()));
      }
      known.put(name, n);
    }
    for (String name : new ArrayList<>(known.keySet())) {
      if (!present.contains(name)) {
        Node gone = known.remove(name);
        recorder.event(reference(gone), EventType.NORMAL, "RemovingNode", "Node " + name + " event: Removing Node " + name + " from Controller");
        health.forget(name);
        tainters.values().forEach(t -> t.remove(name));
      }
    }
    Map<String, List<NodeCondition>> zoneReady = new HashMap<>();
    for (Node n : all) {
      // One node's trouble (a failed write) must not stop the others being watched: the next pass
      // looks at it again.
      try {
        monitor(n, now, zoneReady);
      } catch (RuntimeException e) {
        log.warn("node health check failed node={}: {}", n.getMetadata().getName(), e.toString());
      }
    }
    try {
      handleDisruption(zoneReady, all, now);
      for (ZoneTainter t : tainters.values()) {
        t.tryAll(name -> taintNow(name, now));
      }
    } catch (RuntimeException e) {
      log.warn("node tainting failed: {}", e.toString());
    }
    return Result.requeueAfter(config.monitorPeriod());
  }

  private void monitor(Node n, Instant now, Map<String, List<NodeCondition>> zoneReady) {
    NodeHealth.Checked checked = health.check(n, now);
    NodeCondition current = checked.current();
    if (n.getMetadata().getLabels() == null || !n.getMetadata().getLabels().containsKey(NodeConditions.EXCLUDE_DISRUPTION)) {
      zoneReady.computeIfAbsent(NodeConditions.zone(n), z -> new ArrayList<>()).add(current);
    }
    if (current == null) {
      return;
    }
    taintForEviction(n, current, now);
    if (!"True".equals(current.getStatus())) {
      if ("True".equals(checked.observed().getStatus())) {
        recorder.event(n, EventType.NORMAL, "NodeNotReady", "Node " + n.getMetadata().getName() + " status is now: NodeNotReady");
      }
      markPodsNotReady(n.getMetadata().getName(), now);
    }
  }

  private static ObjectReference reference(Node n) {
    return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Node").withName(n.getMetadata().getName())
        .withUid(n.getMetadata().getUid()).build();
  }

  /** processTaintBaseEviction: swap an existing taint at once, else queue the node for its zone's rate. */
  private void taintForEviction(Node n, NodeCondition ready, Instant now) {
    String name = n.getMetadata().getName();
    ZoneTainter tainter = tainters.computeIfAbsent(NodeConditions.zone(n), z -> new ZoneTainter(clock, config.evictionQps()));
    switch (ready.getStatus()) {
      case "False" -> {
        if (NodeConditions.hasTaint(n, NodeConditions.UNREACHABLE_TAINT, "NoExecute")) {
          NodeTaints.swap(nodeClient, n, List.of(NodeConditions.noExecute(NodeConditions.NOT_READY_TAINT)),
              List.of(NodeConditions.noExecute(NodeConditions.UNREACHABLE_TAINT)), now);
        } else if (!NodeConditions.hasTaint(n, NodeConditions.NOT_READY_TAINT, "NoExecute")) {
          tainter.add(name, n.getMetadata().getUid());
        }
      }
      case "Unknown" -> {
        if (NodeConditions.hasTaint(n, NodeConditions.NOT_READY_TAINT, "NoExecute")) {
          NodeTaints.swap(nodeClient, n, List.of(NodeConditions.noExecute(NodeConditions.UNREACHABLE_TAINT)),
              List.of(NodeConditions.noExecute(NodeConditions.NOT_READY_TAINT)), now);
        } else if (!NodeConditions.hasTaint(n, NodeConditions.UNREACHABLE_TAINT, "NoExecute")) {
          tainter.add(name, n.getMetadata().getUid());
        }
      }
      default -> markReachable(n, now);
    }
  }

  /** Removes both NoExecute taints and any queued tainting of the node. */
  private void markReachable(Node n, Instant now) {
    tainters.values().forEach(t -> t.remove(n.getMetadata().getName()));
    if (NodeConditions.hasTaint(n, NodeConditions.NOT_READY_TAINT, "NoExecute")
        || NodeConditions.hasTaint(n, NodeConditions.UNREACHABLE_TAINT, "NoExecute")) {
      NodeTaints.swap(nodeClient, n, List.of(), List.of(NodeConditions.noExecute(NodeConditions.NOT_READY_TAINT),
          NodeConditions.noExecute(NodeConditions.UNREACHABLE_TAINT)), now);
    }
  }

  /** doNoExecuteTaintingPass for one node let through: null when done, else when to retry. */
  private Duration taintNow(String name, Instant now) {
    Node n = nodes.get("", name);
    if (n == null) {
      return null;
    }
    NodeCondition ready = NodeConditions.find(n, NodeConditions.READY);
    if (ready == null) {
      return Duration.ofMillis(50);
    }
    Taint add;
    Taint remove;
    switch (ready.getStatus()) {
      case "False" -> {
        add = NodeConditions.noExecute(NodeConditions.NOT_READY_TAINT);
        remove = NodeConditions.noExecute(NodeConditions.UNREACHABLE_TAINT);
      }
      case "Unknown" -> {
        add = NodeConditions.noExecute(NodeConditions.UNREACHABLE_TAINT);
        remove = NodeConditions.noExecute(NodeConditions.NOT_READY_TAINT);
      }
      default -> {
        return null;
      }
    }
    try {
      return NodeTaints.swap(nodeClient, n, List.of(add), List.of(remove), now) ? null : Duration.ZERO;
    } catch (KubernetesClientException e) {
      return Duration.ZERO;
    }
  }

  /** MarkPodsNotReady: the node's pods that still say Ready get Ready False, with a Warning each. */
  private void markPodsNotReady(String node, Instant now) {
    for (Pod p : pods.listAll()) {
      if (!node.equals(Pods.nodeName(p)) || !Pods.isReady(p)) {
        continue;
      }
      try {
        Pod written = podClient.editStatus(p.getMetadata().getNamespace(), p.getMetadata().getName(), fresh -> {
          if (!Objects.equals(fresh.getMetadata().getUid(), p.getMetadata().getUid()) || !Pods.isReady(fresh)) {
            return null;
          }
          PodCondition ready = Pods.condition(fresh, "Ready");
          ready.setStatus("False");
          ready.setLastTransitionTime(Timestamps.format(now));
          return fresh;
        });
        if (written != null) {
          recorder.event(written, EventType.WARNING, "NodeNotReady", "Node is not ready");
        }
      } catch (KubernetesClientException e) {
        // Looked at again in the next pass.
      }
    }
  }

  /** ComputeZoneState: full disruption if none is ready, partial if at least 3 and the threshold share are not. */
  ZoneState zoneState(List<NodeCondition> conditions) {
    int ready = 0;
    int notReady = 0;
    for (NodeCondition c : conditions) {
      if (c != null && "True".equals(c.getStatus())) {
        ready++;
      } else {
        notReady++;
      }
    }
    if (ready == 0 && notReady > 0) {
      return ZoneState.FULL_DISRUPTION;
    }
    if (notReady > 2 && (double) notReady / (notReady + ready) >= config.unhealthyZoneThreshold()) {
      return ZoneState.PARTIAL_DISRUPTION;
    }
    return ZoneState.NORMAL;
  }

  /**
   * handleDisruption: when every zone is fully disrupted the controller assumes it is the one cut
   * off, removes the NoExecute taints and stops tainting; otherwise each zone taints at the rate of
   * its state (a partly disrupted zone slowly, and only if it is large).
   */
  private void handleDisruption(Map<String, List<NodeCondition>> zoneReady, List<Node> all, Instant now) {
    Map<String, ZoneState> next = new HashMap<>();
    boolean allFully = !zoneReady.isEmpty();
    for (var e : zoneReady.entrySet()) {
      ZoneState s = zoneState(e.getValue());
      allFully &= s == ZoneState.FULL_DISRUPTION;
      next.put(e.getKey(), s);
      zoneStates.putIfAbsent(e.getKey(), ZoneState.INITIAL);
    }
    zoneStates.keySet().removeIf(z -> !zoneReady.containsKey(z));
    boolean allWereFully = !zoneStates.isEmpty() && zoneStates.values().stream().allMatch(s -> s == ZoneState.FULL_DISRUPTION);
    if (allFully && allWereFully) {
      return;
    }
    if (allFully) {
      for (Node n : all) {
        markReachable(n, now);
      }
      tainters.values().forEach(t -> t.swapLimiter(0));
      zoneStates.replaceAll((z, s) -> ZoneState.FULL_DISRUPTION);
      return;
    }
    if (allWereFully) {
      health.resetProbes(now);
    }
    for (var e : next.entrySet()) {
      if (allWereFully || zoneStates.get(e.getKey()) != e.getValue()) {
        int size = zoneReady.get(e.getKey()).size();
        double qps = switch (e.getValue()) {
          case PARTIAL_DISRUPTION -> size > config.largeClusterThreshold() ? config.secondaryEvictionQps() : 0;
          default -> config.evictionQps();
        };
        tainters.computeIfAbsent(e.getKey(), z -> new ZoneTainter(clock, config.evictionQps())).swapLimiter(qps);
        zoneStates.put(e.getKey(), e.getValue());
      }
    }
  }
}
