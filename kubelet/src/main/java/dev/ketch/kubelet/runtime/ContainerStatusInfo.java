package dev.ketch.kubelet.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One container in detail, as CRI's ContainerStatus (named apart from the API's ContainerStatus,
 * which the kubelet builds from it).
 *
 * @param startedAt when it started running, or null if it never did
 * @param finishedAt when it exited, or null while it has not
 * @param exitCode meaningful once {@code state} is EXITED: 0 on success, 128+N when killed by signal N
 * @param reason the runtime's brief reason on exit: Completed, Error, OOMKilled, StartError, …
 * @param message the runtime's message on exit, e.g. why it could not start
 */
public record ContainerStatusInfo(
    String id,
    String podSandboxId,
    ContainerMetadata metadata,
    ContainerState state,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    int exitCode,
    String image,
    String imageRef,
    String reason,
    String message,
    List<Mount> mounts,
    String logPath,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public ContainerStatusInfo {
    mounts = List.copyOf(mounts);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  public String containerName() {
    return labels.getOrDefault(CriLabels.CONTAINER_NAME, metadata.name());
  }

  /** The restart count the kubelet wrote when it created this instance. */
  public int restartCount() {
    try {
      return Integer.parseInt(annotations.getOrDefault(CriLabels.RESTART_COUNT, String.valueOf(metadata.attempt())));
    } catch (NumberFormatException e) {
      return metadata.attempt();
    }
  }
}
