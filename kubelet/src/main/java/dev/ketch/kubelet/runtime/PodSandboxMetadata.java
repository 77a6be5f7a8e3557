package dev.ketch.kubelet.runtime;

/**
 * Who a sandbox belongs to, as CRI's PodSandboxMetadata.
 *
 * @param attempt how many sandboxes this pod had before this one (0 for the first)
 */
public record PodSandboxMetadata(String name, String uid, String namespace, int attempt) {}
