package dev.ketch.kubelet.node;

import dev.ketch.kubelet.KubeletConfig;
import dev.ketch.kubelet.runtime.RuntimeVersion;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Node object a kubelet registers, as upstream's initialNode builds it. */
public final class NodeObjects {

  private NodeObjects() {}

  /** The well-known labels, plus the configured ones. */
  public static Map<String, String> labels(KubeletConfig config) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("beta.kubernetes.io/arch", config.machine().architecture());
    labels.put("beta.kubernetes.io/os", config.machine().operatingSystem());
    labels.put("kubernetes.io/arch", config.machine().architecture());
    labels.put("kubernetes.io/hostname", config.nodeName());
    labels.put("kubernetes.io/os", config.machine().operatingSystem());
    labels.putAll(config.labels());
    return labels;
  }

  /** Upstream's port of the kubelet's HTTPS endpoint. */
  public static final int DEFAULT_KUBELET_PORT = 10250;

  public static Node initial(KubeletConfig config, RuntimeVersion runtime) {
    return initial(config, runtime, DEFAULT_KUBELET_PORT);
  }

  /** The Node a kubelet registers, whose HTTPS endpoint listens on {@code kubeletPort}. */
  public static Node initial(KubeletConfig config, RuntimeVersion runtime, int kubeletPort) {
    NodeBuilder b = new NodeBuilder()
        .withNewMetadata()
            .withName(config.nodeName())
            .withLabels(labels(config))
            .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
            .addToAnnotations("volumes.kubernetes.io/controller-managed-attach-detach", "true")
        .endMetadata()
        .withNewSpec().endSpec();
    if (config.podCidr() != null && !config.podCidr().isEmpty()) {
      b.editSpec().withPodCIDR(config.podCidr()).withPodCIDRs(config.podCidr()).endSpec();
    }
    Node node = b.build();
    node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
    node.getStatus().setCapacity(config.capacity());
    node.getStatus().setAllocatable(config.allocatable());
    node.getStatus().setAddresses(addresses(config));
    node.getStatus().setNodeInfo(nodeInfo(config, runtime));
    node.getStatus().setDaemonEndpoints(daemonEndpoints(kubeletPort));
    return node;
  }

  public static io.fabric8.kubernetes.api.model.NodeDaemonEndpoints daemonEndpoints(int kubeletPort) {
    return new io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder()
        .withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint().build();
  }

  public static List<NodeAddress> addresses(KubeletConfig config) {
    return List.of(new NodeAddress(config.nodeIp(), "InternalIP"), new NodeAddress(config.machine().hostname(), "Hostname"));
  }

  public static NodeSystemInfo nodeInfo(KubeletConfig config, RuntimeVersion runtime) {
    MachineInfo m = config.machine();
    return new NodeSystemInfoBuilder()
        .withArchitecture(m.architecture())
        .withBootID(m.bootId())
        .withContainerRuntimeVersion(runtime.nodeInfo())
        .withKernelVersion(m.kernelVersion())
        .withKubeProxyVersion(config.kubeletVersion())
        .withKubeletVersion(config.kubeletVersion())
        .withMachineID(m.machineId())
        .withOperatingSystem(m.operatingSystem())
        .withOsImage(m.osImage())
        .withSystemUUID(m.systemUuid())
        .build();
  }
}
