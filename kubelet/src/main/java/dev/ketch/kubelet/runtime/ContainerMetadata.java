package dev.ketch.kubelet.runtime;

/**
 * Which container of the pod spec an instance is, as CRI's ContainerMetadata.
 *
 * @param attempt the restart count of this instance (0 for the first)
 */
public record ContainerMetadata(String name, int attempt) {}
