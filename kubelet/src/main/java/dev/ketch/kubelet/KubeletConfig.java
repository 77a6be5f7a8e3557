package dev.ketch.kubelet;

import dev.ketch.kubelet.node.MachineInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one kubelet runs as: its node's name, address, machine and resources, and its timings.
 * Defaults are upstream's: the Lease lasts 40 s and is renewed every 10 s; node status is
 * computed every 10 s and posted when it changed or at least every 5 minutes; the runtime is
 * relisted every second and every pod synced at least once a minute; containers restart with a
 * back-off of 10 s doubling to 5 minutes; 110 pods at most.
 *
 * @param nodeName the Node's name
 * @param nodeIp the node's InternalIP, the hostIP of its pods
 * @param machine the machine (or simulated machine) the node reports
 * @param labels extra labels for the Node, beside the well-known ones
 * @param podCidr the node's pod range, written as spec.podCIDR at registration (empty: none)
 * @param clusterDns the cluster DNS servers for ClusterFirst pods (empty: the host's resolver)
 * @param kubeletVersion reported as nodeInfo.kubeletVersion, semver with a leading v
 * @param maxPods the pods capacity
 * @param reserved resources held back from allocatable (system and kube reserved)
 * @param nodeStatusReportFrequency how often status is posted when nothing changed
 */
public record KubeletConfig(
    String nodeName,
    String nodeIp,
    MachineInfo machine,
    Map<String, String> labels,
    String podCidr,
    List<String> clusterDns,
    String clusterDomain,
    String kubeletVersion,
    int maxPods,
    Map<String, Quantity> reserved,
    Duration leaseDuration,
    Duration leaseRenewInterval,
    Duration nodeStatusUpdateFrequency,
    Duration nodeStatusReportFrequency,
    Duration relistPeriod,
    Duration resyncPeriod,
    Duration backOffInitial,
    Duration backOffMax,
    String rootDir,
    String logDir) {

  public static final String DEFAULT_KUBELET_VERSION = "v1.32.0-ketch";

  public KubeletConfig {
    labels = Map.copyOf(labels);
    clusterDns = List.copyOf(clusterDns);
    reserved = Map.copyOf(reserved);
  }

  /** A node with upstream's defaults. */
  public static KubeletConfig of(String nodeName, String nodeIp, MachineInfo machine, String podCidr) {
    return new KubeletConfig(nodeName, nodeIp, machine, Map.of(), podCidr, List.of(), "cluster.local",
        DEFAULT_KUBELET_VERSION, 110, Map.of(), Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(5),
        "/var/lib/kubelet", "/var/log/pods");
  }

  /**
   * Simulated node number {@code index}: {@code sim-<index>} with KWOK's default size (32 CPUs,
   * 256 GiB, 110 pods), InternalIP 172.16.x.y and pod range 10.(64+index/256).(index%256).0/24.
   */
  public static KubeletConfig simulated(int index) {
    return simulated("sim-", index);
  }

  /** Simulated node number {@code index} named {@code <prefix><index>}, as {@link #simulated(int)}. */
  public static KubeletConfig simulated(String prefix, int index) {
    String name = prefix + index;
    MachineInfo machine = MachineInfo.simulated(name, 32, 256L << 30, 1L << 40);
    String ip = "172.16." + (index / 250) + "." + (index % 250 + 2);
    String cidr = "10." + (64 + index / 256) + "." + (index % 256) + ".0/24";
    return of(name, ip, machine, cidr).withLabels(Map.of("node.ketch.dev/simulated", "true"));
  }

  public KubeletConfig withLabels(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.putAll(more);
    return new KubeletConfig(nodeName, nodeIp, machine, all, podCidr, clusterDns, clusterDomain, kubeletVersion, maxPods,
        reserved, leaseDuration, leaseRenewInterval, nodeStatusUpdateFrequency, nodeStatusReportFrequency, relistPeriod,
        resyncPeriod, backOffInitial, backOffMax, rootDir, logDir);
  }

  public KubeletConfig withClusterDns(List<String> servers, String domain) {
    return new KubeletConfig(nodeName, nodeIp, machine, labels, podCidr, servers, domain, kubeletVersion, maxPods,
        reserved, leaseDuration, leaseRenewInterval, nodeStatusUpdateFrequency, nodeStatusReportFrequency, relistPeriod,
        resyncPeriod, backOffInitial, backOffMax, rootDir, logDir);
  }

  /** Where volumes ({@code <rootDir>/pods/<uid>/volumes}) and container logs go. */
  public KubeletConfig withDirectories(String rootDir, String logDir) {
    return new KubeletConfig(nodeName, nodeIp, machine, labels, podCidr, clusterDns, clusterDomain, kubeletVersion, maxPods,
        reserved, leaseDuration, leaseRenewInterval, nodeStatusUpdateFrequency, nodeStatusReportFrequency, relistPeriod,
        resyncPeriod, backOffInitial, backOffMax, rootDir, logDir);
  }

  /** Other timings: tests shorten them. */
  public KubeletConfig withTimings(Duration leaseRenewInterval, Duration nodeStatusUpdateFrequency, Duration relistPeriod,
      Duration backOffInitial, Duration backOffMax) {
    return new KubeletConfig(nodeName, nodeIp, machine, labels, podCidr, clusterDns, clusterDomain, kubeletVersion, maxPods,
        reserved, leaseDuration, leaseRenewInterval, nodeStatusUpdateFrequency, nodeStatusReportFrequency, relistPeriod,
        resyncPeriod, backOffInitial, backOffMax, rootDir, logDir);
  }

  /** The node's capacity: CPUs, memory, ephemeral storage, no huge pages, max pods. */
  public Map<String, Quantity> capacity() {
    Map<String, Quantity> c = new LinkedHashMap<>();
    c.put("cpu", new Quantity(String.valueOf(machine.cpus())));
    c.put("ephemeral-storage", new Quantity(machine.ephemeralStorageBytes() / 1024 + "Ki"));
    c.put("hugepages-1Gi", new Quantity("0"));
    c.put("hugepages-2Mi", new Quantity("0"));
    c.put("memory", new Quantity(machine.memoryBytes() / 1024 + "Ki"));
    c.put("pods", new Quantity(String.valueOf(maxPods)));
    return c;
  }

  /** Capacity less what is reserved (upstream also holds back the hard eviction threshold). */
  public Map<String, Quantity> allocatable() {
    Map<String, Quantity> a = new LinkedHashMap<>();
    capacity().forEach((k, v) -> {
      Quantity r = reserved.get(k);
      if (r == null) {
        a.put(k, v);
      } else {
        java.math.BigDecimal left = v.getNumericalAmount().subtract(r.getNumericalAmount()).max(java.math.BigDecimal.ZERO);
        a.put(k, k.equals("cpu") ? new Quantity(left.multiply(java.math.BigDecimal.valueOf(1000)).longValue() + "m")
            : new Quantity(left.toBigInteger().toString()));
      }
    });
    return a;
  }
}
