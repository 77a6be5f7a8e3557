package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.runtime.ContainerConfig;
import dev.ketch.kubelet.runtime.ContainerMetadata;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.KeyValue;
import dev.ketch.kubelet.runtime.LinuxResources;
import dev.ketch.kubelet.runtime.Mount;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import dev.ketch.kubelet.runtime.PodSandboxMetadata;
import dev.ketch.kubelet.runtime.PortMapping;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The runtime configs the kubelet makes from a pod spec (kuberuntime_sandbox.go and
 * kuberuntime_container.go): identity labels and resume annotations ({@link CriLabels}), log
 * paths, host ports, cgroup resources from requests and limits.
 */
public final class ContainerConfigs {

  private ContainerConfigs() {}

  public static PodSandboxConfig sandbox(Pod pod, int attempt, String logDir, dev.ketch.kubelet.runtime.DnsConfig dns) {
    var meta = pod.getMetadata();
    Map<String, String> labels = new HashMap<>();
    if (meta.getLabels() != null) {
      labels.putAll(meta.getLabels());
    }
    labels.putAll(identity(pod));
    String hostname = pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty()
        ? pod.getSpec().getHostname() : meta.getName();
    if (hostname.length() > 63) {
      hostname = hostname.substring(0, 63);
    }
    List<PortMapping> ports = new ArrayList<>();
    for (Container c : list(pod.getSpec().getContainers())) {
      for (ContainerPort p : list(c.getPorts())) {
        if (p.getHostPort() != null && p.getHostPort() > 0) {
          ports.add(new PortMapping(p.getProtocol() == null ? "TCP" : p.getProtocol(), p.getContainerPort(), p.getHostPort(),
              p.getHostIP() == null ? "" : p.getHostIP()));
        }
      }
    }
    return new PodSandboxConfig(new PodSandboxMetadata(meta.getName(), meta.getUid(), meta.getNamespace(), attempt), hostname,
        logDirectory(logDir, meta.getNamespace(), meta.getName(), meta.getUid()), dns, ports,
        Boolean.TRUE.equals(pod.getSpec().getHostNetwork()), "",
        labels, meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
  }

  /** The pod's log directory, {@code <logDir>/<namespace>_<name>_<uid>}, as upstream names it. */
  public static String logDirectory(String logDir, String namespace, String name, String uid) {
    return logDir + "/" + namespace + "_" + name + "_" + uid;
  }

  public static ContainerConfig container(Pod pod, Container c, boolean init, int restartCount, List<KeyValue> env,
      List<Mount> mounts) {
    Map<String, String> labels = identity(pod);
    labels.put(CriLabels.CONTAINER_NAME, c.getName());
    Map<String, String> annotations = new HashMap<>();
    annotations.put(CriLabels.RESTART_COUNT, String.valueOf(restartCount));
    annotations.put(CriLabels.CONTAINER_HASH, hash(c));
    annotations.put(CriLabels.TERMINATION_GRACE_PERIOD, String.valueOf(gracePeriodSeconds(pod)));
    annotations.put(CriLabels.TERMINATION_MESSAGE_PATH,
        c.getTerminationMessagePath() == null ? "/dev/termination-log" : c.getTerminationMessagePath());
    annotations.put(CriLabels.INIT_CONTAINER, String.valueOf(init));
    return new ContainerConfig(new ContainerMetadata(c.getName(), restartCount), c.getImage(),
        dev.ketch.kubelet.env.EnvironmentBuilder.expand(c.getCommand(), env),
        dev.ketch.kubelet.env.EnvironmentBuilder.expand(c.getArgs(), env),
        c.getWorkingDir() == null ? "" : c.getWorkingDir(), env, mounts, resources(c),
        c.getName() + "/" + restartCount + ".log", Boolean.TRUE.equals(c.getTty()), Boolean.TRUE.equals(c.getStdin()),
        labels, annotations);
  }

  /** A container's spec hash: a changed image (the one field that may change) restarts it. */
  public static String hash(Container c) {
    CRC32 crc = new CRC32();
    String text = c.getName() + "\0" + c.getImage() + "\0" + c.getCommand() + "\0" + c.getArgs() + "\0" + c.getWorkingDir()
        + "\0" + c.getEnv() + "\0" + c.getEnvFrom() + "\0" + c.getVolumeMounts() + "\0" + c.getPorts();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }

  /** The pod's termination grace: its deletion's, else the spec's, else 30 s. */
  public static long gracePeriodSeconds(Pod pod) {
    if (pod.getMetadata().getDeletionGracePeriodSeconds() != null) {
      return pod.getMetadata().getDeletionGracePeriodSeconds();
    }
    Long spec = pod.getSpec().getTerminationGracePeriodSeconds();
    return spec == null ? 30 : spec;
  }

  static Map<String, String> identity(Pod pod) {
    Map<String, String> labels = new HashMap<>();
    labels.put(CriLabels.POD_NAME, pod.getMetadata().getName());
    labels.put(CriLabels.POD_NAMESPACE, pod.getMetadata().getNamespace());
    labels.put(CriLabels.POD_UID, pod.getMetadata().getUid());
    labels.put(CriLabels.MANAGED, "true");
    if (pod.getSpec().getNodeName() != null) {
      labels.put(CriLabels.NODE_NAME, pod.getSpec().getNodeName());
    }
    return labels;
  }

  /** CPU shares from the request (or the limit), CFS quota from the limit, the memory limit. */
  static LinuxResources resources(Container c) {
    Map<String, Quantity> requests = c.getResources() == null || c.getResources().getRequests() == null
        ? Map.of() : c.getResources().getRequests();
    Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null
        ? Map.of() : c.getResources().getLimits();
    long cpuRequest = millis(requests.get("cpu"));
    long cpuLimit = millis(limits.get("cpu"));
    long shares = Math.max(2, (cpuRequest == 0 && cpuLimit > 0 ? cpuLimit : cpuRequest) * 1024 / 1000);
    long period = 100_000;
    long quota = cpuLimit == 0 ? 0 : Math.max(1000, cpuLimit * period / 1000);
    long memory = limits.get("memory") == null ? 0 : limits.get("memory").getNumericalAmount().longValue();
    long oomScoreAdj = cpuRequest == 0 && cpuLimit == 0 && requests.get("memory") == null && memory == 0 ? 1000 : 0;
    return new LinuxResources(shares, quota, period, memory, oomScoreAdj);
  }

  private static long millis(Quantity q) {
    return q == null ? 0 : q.getNumericalAmount().multiply(BigDecimal.valueOf(1000)).longValue();
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
