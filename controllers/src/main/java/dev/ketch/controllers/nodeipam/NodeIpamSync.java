package dev.ketch.controllers.nodeipam;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.ResourceClient;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives each node a pod CIDR from the cluster CIDR (upstream's range allocator): the subnets nodes
 * already have are taken first (on the first sync, from every node in the cache); a node without
 * {@code spec.podCIDRs} gets the next free subnet of each family, written once (the API refuses to
 * change it); a deleted node's subnets are released. Running out is recorded as {@code
 * CIDRNotAvailable} and retried with back-off.
 */
final class NodeIpamSync {

  private final ObjectCache<Node> nodes;
  private final ResourceClient<Node> client;
  private final EventRecorder recorder;
  private final List<CidrSet> sets = new ArrayList<>();
  /** The subnets held by each node, as this allocator knows them. */
  private final Map<String, List<String>> held = new HashMap<>();
  private boolean initialized;

  NodeIpamSync(Cluster cluster, EventRecorder recorder, NodeIpamControllerConfig config) {
    this.nodes = cluster.lister(Node.class);
    this.client = cluster.client(Node.class);
    this.recorder = recorder;
    for (String cidr : config.clusterCidrs()) {
      sets.add(new CidrSet(cidr, cidr.contains(":") ? config.nodeMaskIpv6() : config.nodeMaskIpv4()));
    }
  }

  synchronized Result sync(ObjectKey key) {
    if (!initialized) {
      for (Node n : nodes.listAll()) {
        occupy(n.getMetadata().getName(), podCidrs(n));
      }
      initialized = true;
    }
    Node node = nodes.get("", key.name());
    if (node == null) {
      release(key.name());
      return Result.done();
    }
    List<String> existing = podCidrs(node);
    if (!existing.isEmpty()) {
      if (!existing.equals(held.get(key.name()))) {
        release(key.name());
        occupy(key.name(), existing);
      }
      return Result.done();
    }
    List<String> allocated = new ArrayList<>();
    for (CidrSet set : sets) {
      Optional<String> cidr = set.allocateNext();
      if (cidr.isEmpty()) {
        allocated.forEach(c -> sets.forEach(s -> s.release(c)));
        recorder.event(node, EventType.NORMAL, "CIDRNotAvailable", "Node " + key.name() + " status is now: CIDRNotAvailable");
        throw new IllegalStateException("no pod CIDR left for node " + key.name());
      }
      allocated.add(cidr.get());
    }
    String uid = node.getMetadata().getUid();
    Node written;
    try {
      written = client.edit("", key.name(), fresh -> {
        if (!Objects.equals(fresh.getMetadata().getUid(), uid) || !podCidrs(fresh).isEmpty()) {
          return null;
        }
        fresh.getSpec().setPodCIDR(allocated.getFirst());
        fresh.getSpec().setPodCIDRs(allocated);
        return fresh;
      });
    } catch (KubernetesClientException e) {
      allocated.forEach(c -> sets.forEach(s -> s.release(c)));
      recorder.event(node, EventType.NORMAL, "CIDRAssignmentFailed", "Node " + key.name() + " status is now: CIDRAssignmentFailed");
      throw e;
    }
    if (written == null) {
      // The node is gone or got its CIDRs another way: its next event says which.
      allocated.forEach(c -> sets.forEach(s -> s.release(c)));
      return Result.done();
    }
    held.put(key.name(), allocated);
    return Result.done();
  }

  private static List<String> podCidrs(Node node) {
    if (node.getSpec() == null) {
      return List.of();
    }
    if (node.getSpec().getPodCIDRs() != null && !node.getSpec().getPodCIDRs().isEmpty()) {
      return List.copyOf(node.getSpec().getPodCIDRs());
    }
    return node.getSpec().getPodCIDR() == null || node.getSpec().getPodCIDR().isEmpty() ? List.of() : List.of(node.getSpec().getPodCIDR());
  }

  private void occupy(String node, List<String> cidrs) {
    if (cidrs.isEmpty()) {
      return;
    }
    for (String c : cidrs) {
      sets.forEach(s -> s.occupy(c));
    }
    held.put(node, cidrs);
  }

  private void release(String node) {
    List<String> cidrs = held.remove(node);
    if (cidrs != null) {
      for (String c : cidrs) {
        sets.forEach(s -> s.release(c));
      }
    }
  }

  static ObjectReference reference(String node) {
    return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Node").withName(node).build();
  }
}
