package dev.ketch.kubelet.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a container is made from, as CRI's ContainerConfig. {@code command} and {@code args} are
 * the pod spec's, with {@code $(VAR)} references already expanded; empty means the image's own
 * entrypoint or cmd. {@code envs} are final values in order. Labels carry the kubelet's {@link
 * CriLabels} identity, annotations what it needs to resume the container after a restart.
 *
 * @param image the image reference resolved by {@link ImageService#pullImage} (or as written)
 * @param logPath the container's log file, relative to the sandbox's log directory
 */
public record ContainerConfig(
    ContainerMetadata metadata,
    String image,
    List<String> command,
    List<String> args,
    String workingDir,
    List<KeyValue> envs,
    List<Mount> mounts,
    LinuxResources resources,
    String logPath,
    boolean tty,
    boolean stdin,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public ContainerConfig {
    command = List.copyOf(command);
    args = List.copyOf(args);
    envs = List.copyOf(envs);
    mounts = List.copyOf(mounts);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }
}
