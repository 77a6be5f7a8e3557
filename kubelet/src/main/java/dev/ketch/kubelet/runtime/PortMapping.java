package dev.ketch.kubelet.runtime;

/**
 * A container port published on the host (a pod's {@code hostPort}).
 *
 * @param protocol TCP, UDP or SCTP
 * @param hostIp the host address to bind, or empty for all
 */
public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {}
