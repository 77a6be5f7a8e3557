package dev.ketch.kubelet.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a pod sandbox is made from, as CRI's PodSandboxConfig: the pod's identity, its host name,
 * DNS and published ports, its network mode, where its container logs go, and labels and
 * annotations (the pod's own plus the kubelet's {@link CriLabels}).
 *
 * @param hostname the pod's host name (its name, or spec.hostname / subdomain)
 * @param logDirectory the directory its containers' logs go to
 * @param hostNetwork whether the pod shares the host's network namespace
 * @param cgroupParent the cgroup the pod's containers go under, or empty
 */
public record PodSandboxConfig(
    PodSandboxMetadata metadata,
    String hostname,
    String logDirectory,
    DnsConfig dns,
    List<PortMapping> portMappings,
    boolean hostNetwork,
    String cgroupParent,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public PodSandboxConfig {
    portMappings = List.copyOf(portMappings);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }
}
