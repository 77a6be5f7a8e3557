package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.runtime.ContainerStatusInfo;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.status.PodConditions;
import dev.ketch.kubelet.status.PodPhases;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The API status of a pod from what the runtime holds for it (kubelet_pods.go
 * generateAPIPodStatus and convertToAPIContainerStatuses): container statuses with state,
 * lastState, restartCount, readiness, image and containerID; phase; the kubelet's conditions;
 * podIP(s), hostIP(s) and startTime. Fields others own (qosClass, nominatedNodeName, conditions
 * of other types) are kept from the old status. Container statuses are sorted by name, init
 * container statuses keep the spec's order, as upstream's.
 *
 * <p>Immutable and thread-safe.
 */
final class PodStatusBuilder {

  private final String runtimeName;
  private final String hostIp;

  PodStatusBuilder(String runtimeName, String hostIp) {
    this.runtimeName = runtimeName;
    this.hostIp = hostIp;
  }

  PodStatus build(Pod pod, RuntimePod snapshot, PodState state, boolean podIsTerminal, Instant now) {
    PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String nowText = Times.format(now);
    boolean hasInit = !list(pod.getSpec().getInitContainers()).isEmpty();
    List<ContainerStatus> initStatuses = new ArrayList<>();
    for (Container c : list(pod.getSpec().getInitContainers())) {
      initStatuses.add(container(pod, c, snapshot, state, old, hasInit, true));
    }
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container c : list(pod.getSpec().getContainers())) {
      statuses.add(container(pod, c, snapshot, state, old, hasInit, false));
    }
    statuses.sort(Comparator.comparing(ContainerStatus::getName));

    String phase = PodPhases.phase(pod.getSpec(), initStatuses, statuses, podIsTerminal);
    if (PodPhases.isTerminal(old.getPhase())) {
      phase = old.getPhase(); // a terminal phase never changes back
    }
    List<PodCondition> kubelet = new ArrayList<>();
    kubelet.add(PodConditions.readyToStart(snapshot.readySandbox() != null));
    kubelet.add(PodConditions.initialized(pod.getSpec(), initStatuses, statuses, phase));
    PodCondition containersReady = PodConditions.containersReady(pod.getSpec(), statuses, phase);
    List<PodCondition> oldConditions = list(old.getConditions());
    kubelet.add(PodConditions.ready(pod.getSpec(), oldConditions, containersReady));
    kubelet.add(containersReady);

    PodStatus s = new PodStatus();
    s.setQosClass(old.getQosClass());
    s.setNominatedNodeName(old.getNominatedNodeName());
    s.setMessage(old.getMessage());
    s.setReason(old.getReason());
    s.setResize(old.getResize());
    s.setPhase(phase);
    s.setConditions(PodConditions.merge(oldConditions, kubelet, nowText));
    s.setHostIP(hostIp);
    s.setHostIPs(List.of(new HostIP(hostIp)));
    List<String> ips = podIps(pod, snapshot, old);
    if (!ips.isEmpty()) {
      s.setPodIP(ips.getFirst());
      s.setPodIPs(ips.stream().map(PodIP::new).toList());
    }
    s.setStartTime(old.getStartTime() != null ? old.getStartTime() : nowText);
    if (hasInit) {
      s.setInitContainerStatuses(initStatuses);
    }
    s.setContainerStatuses(statuses);
    s.setEphemeralContainerStatuses(old.getEphemeralContainerStatuses());
    return s;
  }

  private List<String> podIps(Pod pod, RuntimePod snapshot, PodStatus old) {
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      return List.of(hostIp);
    }
    PodSandboxStatus sandbox = snapshot.readySandbox();
    if (sandbox != null && !sandbox.ips().isEmpty()) {
      return sandbox.ips();
    }
    // A stopped sandbox has no address any more; the pod keeps the one it had, as upstream's.
    List<String> kept = new ArrayList<>();
    for (PodIP ip : list(old.getPodIPs())) {
      kept.add(ip.getIp());
    }
    return kept;
  }

  private ContainerStatus container(Pod pod, Container spec, RuntimePod snapshot, PodState state, PodStatus old,
      boolean hasInit, boolean init) {
    String name = spec.getName();
    ContainerStatusInfo latest = snapshot.latest(name);
    ContainerStatusInfo previous = snapshot.previous(name);
    Waiting waiting = state.waiting(name);
    ContainerStatusBuilder b = new ContainerStatusBuilder().withName(name).withImage(spec.getImage())
        .withImageID("").withRestartCount(0).withReady(false).withStarted(false);
    b.withVolumeMounts(volumeMounts(spec));
    if (latest == null) {
      Waiting w = waiting != null ? waiting : new Waiting(hasInit ? Waiting.POD_INITIALIZING : Waiting.CONTAINER_CREATING, null);
      b.withState(new ContainerStateBuilder().withNewWaiting().withReason(w.reason()).withMessage(w.message()).endWaiting().build());
      b.withNewLastState().endLastState();
      return b.build();
    }
    b.withImage(latest.image()).withImageID(latest.imageRef()).withContainerID(runtimeName + "://" + latest.id())
        .withRestartCount(latest.restartCount());
    ContainerStatusInfo lastTerminated = null;
    switch (latest.state()) {
      case RUNNING -> {
        b.withState(new ContainerStateBuilder().withNewRunning().withStartedAt(Times.format(latest.startedAt())).endRunning().build());
        boolean wasReady = wasReady(old, name, runtimeName + "://" + latest.id(), init);
        if (init) {
          b.withStarted(true);
        } else {
          b.withStarted(state.probes.started(spec, latest.id()));
          b.withReady(state.probes.ready(spec, latest.id(), wasReady));
        }
        lastTerminated = previous;
      }
      case EXITED -> {
        if (waiting != null) {
          b.withState(new ContainerStateBuilder().withNewWaiting().withReason(waiting.reason()).withMessage(waiting.message())
              .endWaiting().build());
          lastTerminated = latest;
        } else {
          b.withState(new ContainerStateBuilder().withTerminated(terminated(latest)).build());
          lastTerminated = previous;
          if (init && latest.exitCode() == 0) {
            b.withReady(true);
          }
        }
      }
      case CREATED, UNKNOWN -> {
        Waiting w = waiting != null ? waiting : new Waiting(Waiting.CONTAINER_CREATING, null);
        b.withState(new ContainerStateBuilder().withNewWaiting().withReason(w.reason()).withMessage(w.message()).endWaiting().build());
        lastTerminated = previous;
      }
    }
    if (lastTerminated != null && lastTerminated.state() == ContainerState.EXITED) {
      b.withNewLastState().withTerminated(terminated(lastTerminated)).endLastState();
    } else {
      b.withNewLastState().endLastState();
    }
    return b.build();
  }

  private ContainerStateTerminated terminated(ContainerStatusInfo c) {
    String reason = c.reason();
    if (reason == null || reason.isEmpty()) {
      reason = c.exitCode() == 0 ? "Completed" : "Error";
    }
    return new ContainerStateTerminatedBuilder().withExitCode(c.exitCode()).withReason(reason)
        .withMessage(c.message() == null || c.message().isEmpty() ? null : c.message())
        .withStartedAt(Times.format(c.startedAt())).withFinishedAt(Times.format(c.finishedAt()))
        .withContainerID(runtimeName + "://" + c.id()).build();
  }

  private static boolean wasReady(PodStatus old, String name, String containerId, boolean init) {
    for (ContainerStatus s : list(init ? old.getInitContainerStatuses() : old.getContainerStatuses())) {
      if (name.equals(s.getName()) && containerId.equals(s.getContainerID())) {
        return Boolean.TRUE.equals(s.getReady());
      }
    }
    return false;
  }

  private static List<VolumeMountStatus> volumeMounts(Container spec) {
    List<VolumeMountStatus> out = new ArrayList<>();
    for (VolumeMount m : list(spec.getVolumeMounts())) {
      VolumeMountStatus s = new VolumeMountStatus();
      s.setName(m.getName());
      s.setMountPath(m.getMountPath());
      if (Boolean.TRUE.equals(m.getReadOnly())) {
        s.setReadOnly(true);
        s.setRecursiveReadOnly("Disabled");
      }
      out.add(s);
    }
    return out.isEmpty() ? null : out;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
