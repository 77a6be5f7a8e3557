package dev.ketch.kubelet.runtime;

/**
 * A host path made visible in a container, as CRI's Mount: the volume manager prepares {@code
 * hostPath}, the runtime bind-mounts it.
 *
 * @param propagation PRIVATE, HOST_TO_CONTAINER or BIDIRECTIONAL
 */
public record Mount(String containerPath, String hostPath, boolean readOnly, String propagation) {

  public static Mount of(String containerPath, String hostPath, boolean readOnly) {
    return new Mount(containerPath, hostPath, readOnly, "PRIVATE");
  }
}
