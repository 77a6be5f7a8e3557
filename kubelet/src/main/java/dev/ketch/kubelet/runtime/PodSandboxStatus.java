package dev.ketch.kubelet.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sandbox as the runtime reports it.
 *
 * @param ips the pod's addresses, primary first; empty with host networking or when stopped
 */
public record PodSandboxStatus(
    String id,
    PodSandboxMetadata metadata,
    PodSandboxState state,
    Instant createdAt,
    List<String> ips,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public PodSandboxStatus {
    ips = List.copyOf(ips);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  public boolean ready() {
    return state == PodSandboxState.READY;
  }
}
