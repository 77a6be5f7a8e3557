package dev.ketch.kubelet.runtime.process;

import dev.ketch.kubelet.runtime.PodSandboxMetadata;
import dev.ketch.kubelet.runtime.PodSandboxState;
import java.time.Instant;
import java.util.Map;

/**
 * What the process runtime keeps on disk about one sandbox ({@code sandboxes/<id>/sandbox.json}).
 * A sandbox here is only a directory and this record: its pods share the host's network, so its
 * address is the host's. Immutable.
 */
record SandboxRecord(
    String id,
    PodSandboxMetadata metadata,
    String hostname,
    String logDirectory,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant createdAt,
    PodSandboxState state) {

  SandboxRecord {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  SandboxRecord stopped() {
    return new SandboxRecord(id, metadata, hostname, logDirectory, labels, annotations, createdAt, PodSandboxState.NOTREADY);
  }
}
