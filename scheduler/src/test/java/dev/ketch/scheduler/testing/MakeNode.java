package dev.ketch.scheduler.testing;

import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A fluent builder of simulated nodes, after upstream's {@code st.MakeNode()}: a Ready node with
 * capacity and allocatable, {@code MakeNode.named("n1").capacity("cpu", "4", "memory", "8Gi").obj()}.
 * By default a node has 4 CPUs, 32Gi of memory and room for 110 pods.
 */
public final class MakeNode {

  private final Node node = new Node();
  private boolean capacitySet;

  private MakeNode(String name) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setLabels(new LinkedHashMap<>());
    meta.getLabels().put("kubernetes.io/hostname", name);
    node.setApiVersion("v1");
    node.setKind("Node");
    node.setMetadata(meta);
    node.setSpec(new NodeSpec());
    NodeStatus status = new NodeStatus();
    status.setConditions(List.of(new NodeConditionBuilder().withType("Ready").withStatus("True").build()));
    node.setStatus(status);
  }

  public static MakeNode named(String name) {
    return new MakeNode(name);
  }

  /** Capacity and allocatable, as name/amount pairs ("cpu", "4", "memory", "8Gi", "pods", "110"). */
  public MakeNode capacity(String... nameAmount) {
    var q = MakePod.quantities(nameAmount);
    q.putIfAbsent("pods", new io.fabric8.kubernetes.api.model.Quantity("110"));
    node.getStatus().setCapacity(q);
    node.getStatus().setAllocatable(new LinkedHashMap<>(q));
    capacitySet = true;
    return this;
  }

  public MakeNode label(String k, String v) {
    node.getMetadata().getLabels().put(k, v);
    return this;
  }

  public MakeNode zone(String zone) {
    return label("topology.kubernetes.io/zone", zone);
  }

  public MakeNode taint(String key, String value, String effect) {
    if (node.getSpec().getTaints() == null) {
      node.getSpec().setTaints(new ArrayList<>());
    }
    node.getSpec().getTaints().add(new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build());
    return this;
  }

  public MakeNode unschedulable() {
    node.getSpec().setUnschedulable(true);
    return this;
  }

  public MakeNode image(String name, long sizeBytes) {
    if (node.getStatus().getImages() == null) {
      node.getStatus().setImages(new ArrayList<>());
    }
    node.getStatus().getImages().add(new ContainerImageBuilder().withNames(name).withSizeBytes(sizeBytes).build());
    return this;
  }

  public Node obj() {
    if (!capacitySet) {
      capacity("cpu", "4", "memory", "32Gi", "pods", "110");
    }
    return node;
  }

  /** A node info with these pods on it. */
  public NodeInfo info(PodInfo... pods) {
    NodeInfo info = NodeInfo.of(obj(), pods);
    return info;
  }
}
