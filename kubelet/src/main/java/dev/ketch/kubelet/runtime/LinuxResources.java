package dev.ketch.kubelet.runtime;

/**
 * The cgroup settings of a container, as CRI's LinuxContainerResources computed from requests and
 * limits the way the kubelet does: CPU shares from the request, CFS quota from the limit, memory
 * limit in bytes; 0 means unset.
 */
public record LinuxResources(long cpuShares, long cpuQuota, long cpuPeriod, long memoryLimitBytes, long oomScoreAdj) {

  public static LinuxResources none() {
    return new LinuxResources(2, 0, 100_000, 0, 0);
  }
}
