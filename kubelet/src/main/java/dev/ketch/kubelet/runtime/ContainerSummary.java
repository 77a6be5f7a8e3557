package dev.ketch.kubelet.runtime;

import java.time.Instant;
import java.util.Map;

/** A container as {@link RuntimeService#listContainers} reports it, as CRI's Container. */
public record ContainerSummary(
    String id,
    String podSandboxId,
    ContainerMetadata metadata,
    String image,
    String imageRef,
    ContainerState state,
    Instant createdAt,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public ContainerSummary {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }
}
