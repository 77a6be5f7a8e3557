package dev.ketch.kubelet.runtime.cri;

import dev.ketch.kubelet.runtime.ContainerConfig;
import dev.ketch.kubelet.runtime.ContainerMetadata;
import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.runtime.ContainerStatusInfo;
import dev.ketch.kubelet.runtime.ContainerSummary;
import dev.ketch.kubelet.runtime.DnsConfig;
import dev.ketch.kubelet.runtime.ImageInfo;
import dev.ketch.kubelet.runtime.KeyValue;
import dev.ketch.kubelet.runtime.LinuxResources;
import dev.ketch.kubelet.runtime.Mount;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import dev.ketch.kubelet.runtime.PodSandboxMetadata;
import dev.ketch.kubelet.runtime.PodSandboxState;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.runtime.PortMapping;
import dev.ketch.kubelet.runtime.cri.v1.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Translates between the kubelet's runtime records and CRI v1 messages, as upstream's kuberuntime
 * fills them: a pod sandbox shares the pod's network (or the node's, with hostNetwork) and IPC
 * namespaces; every container gets a PID namespace of its own (the v1 PodSpec default, which CRI's
 * own default contradicts, so it is always sent); cgroup resources go in {@code linux.resources};
 * timestamps are nanoseconds since the epoch, 0 meaning unset. Stateless and thread-safe.
 */
public final class CriMapping {

  private CriMapping() {}

  /** The sandbox config as CRI's PodSandboxConfig. */
  public static Api.PodSandboxConfig sandboxConfig(PodSandboxConfig c) {
    PodSandboxMetadata m = c.metadata();
    Api.PodSandboxConfig.Builder b = Api.PodSandboxConfig.newBuilder()
        .setMetadata(Api.PodSandboxMetadata.newBuilder().setName(m.name()).setUid(m.uid()).setNamespace(m.namespace())
            .setAttempt(m.attempt()))
        .setHostname(c.hostname())
        .setLogDirectory(c.logDirectory())
        .putAllLabels(c.labels())
        .putAllAnnotations(c.annotations())
        .setLinux(Api.LinuxPodSandboxConfig.newBuilder()
            .setCgroupParent(c.cgroupParent())
            .setSecurityContext(Api.LinuxSandboxSecurityContext.newBuilder()
                .setNamespaceOptions(namespaces(c.hostNetwork()))));
    DnsConfig dns = c.dns();
    if (dns != null && !(dns.servers().isEmpty() && dns.searches().isEmpty() && dns.options().isEmpty())) {
      // No DNS config: the runtime copies the host's resolv.conf (dnsPolicy Default).
      b.setDnsConfig(Api.DNSConfig.newBuilder().addAllServers(dns.servers()).addAllSearches(dns.searches())
          .addAllOptions(dns.options()));
    }
    for (PortMapping p : c.portMappings()) {
      b.addPortMappings(Api.PortMapping.newBuilder().setProtocol(protocol(p.protocol())).setContainerPort(p.containerPort())
          .setHostPort(p.hostPort()).setHostIp(p.hostIp()));
    }
    return b.build();
  }

  /** The container config as CRI's ContainerConfig; {@code sandbox} gives the namespaces it joins. */
  public static Api.ContainerConfig containerConfig(ContainerConfig c, PodSandboxConfig sandbox) {
    LinuxResources r = c.resources() == null ? LinuxResources.none() : c.resources();
    Api.ContainerConfig.Builder b = Api.ContainerConfig.newBuilder()
        .setMetadata(Api.ContainerMetadata.newBuilder().setName(c.metadata().name()).setAttempt(c.metadata().attempt()))
        .setImage(Api.ImageSpec.newBuilder().setImage(c.image()))
        .addAllCommand(c.command())
        .addAllArgs(c.args())
        .setWorkingDir(c.workingDir())
        .putAllLabels(c.labels())
        .putAllAnnotations(c.annotations())
        .setLogPath(c.logPath())
        .setTty(c.tty())
        .setStdin(c.stdin())
        .setLinux(Api.LinuxContainerConfig.newBuilder()
            .setResources(Api.LinuxContainerResources.newBuilder()
                .setCpuShares(r.cpuShares())
                .setCpuQuota(r.cpuQuota())
                .setCpuPeriod(r.cpuPeriod())
                .setMemoryLimitInBytes(r.memoryLimitBytes())
                .setOomScoreAdj(r.oomScoreAdj()))
            .setSecurityContext(Api.LinuxContainerSecurityContext.newBuilder()
                .setNamespaceOptions(namespaces(sandbox != null && sandbox.hostNetwork()))));
    for (KeyValue kv : c.envs()) {
      b.addEnvs(Api.KeyValue.newBuilder().setKey(kv.key()).setValue(kv.value()));
    }
    for (Mount m : c.mounts()) {
      b.addMounts(mount(m));
    }
    return b.build();
  }

  static Api.NamespaceOption namespaces(boolean hostNetwork) {
    return Api.NamespaceOption.newBuilder()
        .setNetwork(hostNetwork ? Api.NamespaceMode.NODE : Api.NamespaceMode.POD)
        .setPid(Api.NamespaceMode.CONTAINER)
        .setIpc(Api.NamespaceMode.POD)
        .build();
  }

  static Api.Mount mount(Mount m) {
    Api.MountPropagation propagation = switch (m.propagation() == null ? "" : m.propagation()) {
      case "HOST_TO_CONTAINER" -> Api.MountPropagation.PROPAGATION_HOST_TO_CONTAINER;
      case "BIDIRECTIONAL" -> Api.MountPropagation.PROPAGATION_BIDIRECTIONAL;
      default -> Api.MountPropagation.PROPAGATION_PRIVATE;
    };
    return Api.Mount.newBuilder().setContainerPath(m.containerPath()).setHostPath(m.hostPath()).setReadonly(m.readOnly())
        .setPropagation(propagation).build();
  }

  static Mount mount(Api.Mount m) {
    String propagation = switch (m.getPropagation()) {
      case PROPAGATION_HOST_TO_CONTAINER -> "HOST_TO_CONTAINER";
      case PROPAGATION_BIDIRECTIONAL -> "BIDIRECTIONAL";
      default -> "PRIVATE";
    };
    return new Mount(m.getContainerPath(), m.getHostPath(), m.getReadonly(), propagation);
  }

  static Api.Protocol protocol(String p) {
    return switch (p == null ? "TCP" : p.toUpperCase(Locale.ROOT)) {
      case "UDP" -> Api.Protocol.UDP;
      case "SCTP" -> Api.Protocol.SCTP;
      default -> Api.Protocol.TCP;
    };
  }

  /** A sandbox from ListPodSandbox, with the addresses found separately (empty when not ready). */
  public static PodSandboxStatus sandbox(Api.PodSandbox s, List<String> ips) {
    return new PodSandboxStatus(s.getId(), metadata(s.getMetadata()), state(s.getState()), time(s.getCreatedAt()),
        s.getState() == Api.PodSandboxState.SANDBOX_READY ? ips : List.of(), s.getLabelsMap(), s.getAnnotationsMap());
  }

  /** A sandbox from PodSandboxStatus, addresses primary first. */
  public static PodSandboxStatus sandbox(Api.PodSandboxStatus s) {
    return new PodSandboxStatus(s.getId(), metadata(s.getMetadata()), state(s.getState()), time(s.getCreatedAt()),
        s.getState() == Api.PodSandboxState.SANDBOX_READY ? ips(s) : List.of(), s.getLabelsMap(), s.getAnnotationsMap());
  }

  /** The sandbox's addresses, primary first; empty for host networking. */
  public static List<String> ips(Api.PodSandboxStatus s) {
    List<String> out = new ArrayList<>();
    if (s.hasNetwork() && !s.getNetwork().getIp().isEmpty()) {
      out.add(s.getNetwork().getIp());
      s.getNetwork().getAdditionalIpsList().forEach(ip -> out.add(ip.getIp()));
    }
    return out;
  }

  static PodSandboxMetadata metadata(Api.PodSandboxMetadata m) {
    return new PodSandboxMetadata(m.getName(), m.getUid(), m.getNamespace(), m.getAttempt());
  }

  static PodSandboxState state(Api.PodSandboxState s) {
    return s == Api.PodSandboxState.SANDBOX_READY ? PodSandboxState.READY : PodSandboxState.NOTREADY;
  }

  static Api.PodSandboxState state(PodSandboxState s) {
    return s == PodSandboxState.READY ? Api.PodSandboxState.SANDBOX_READY : Api.PodSandboxState.SANDBOX_NOTREADY;
  }

  public static ContainerSummary container(Api.Container c) {
    return new ContainerSummary(c.getId(), c.getPodSandboxId(), metadata(c.getMetadata()), c.getImage().getImage(),
        c.getImageRef(), state(c.getState()), time(c.getCreatedAt()), c.getLabelsMap(), c.getAnnotationsMap());
  }

  public static ContainerStatusInfo container(Api.ContainerStatus s, String podSandboxId) {
    List<Mount> mounts = new ArrayList<>();
    s.getMountsList().forEach(m -> mounts.add(mount(m)));
    return new ContainerStatusInfo(s.getId(), podSandboxId, metadata(s.getMetadata()), state(s.getState()),
        time(s.getCreatedAt()), timeOrNull(s.getStartedAt()), timeOrNull(s.getFinishedAt()), s.getExitCode(),
        s.getImage().getImage(), s.getImageRef(), s.getReason(), s.getMessage(), mounts, s.getLogPath(), s.getLabelsMap(),
        s.getAnnotationsMap());
  }

  static ContainerMetadata metadata(Api.ContainerMetadata m) {
    return new ContainerMetadata(m.getName(), m.getAttempt());
  }

  static ContainerState state(Api.ContainerState s) {
    return switch (s) {
      case CONTAINER_CREATED -> ContainerState.CREATED;
      case CONTAINER_RUNNING -> ContainerState.RUNNING;
      case CONTAINER_EXITED -> ContainerState.EXITED;
      default -> ContainerState.UNKNOWN;
    };
  }

  static Api.ContainerState state(ContainerState s) {
    return switch (s) {
      case CREATED -> Api.ContainerState.CONTAINER_CREATED;
      case RUNNING -> Api.ContainerState.CONTAINER_RUNNING;
      case EXITED -> Api.ContainerState.CONTAINER_EXITED;
      case UNKNOWN -> Api.ContainerState.CONTAINER_UNKNOWN;
    };
  }

  public static ImageInfo image(Api.Image i) {
    return new ImageInfo(i.getId(), i.getRepoTagsList(), i.getRepoDigestsList(), i.getSize());
  }

  /** Nanoseconds since the epoch as an instant (the epoch itself for 0). */
  static Instant time(long nanos) {
    return Instant.ofEpochSecond(0, nanos);
  }

  static Instant timeOrNull(long nanos) {
    return nanos == 0 ? null : time(nanos);
  }
}
