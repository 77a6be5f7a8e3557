package dev.ketch.controllers.pods;

import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a kubelet would write into a pod's status, for unit tests. */
public final class PodStates {

  private PodStates() {}

  /** Bound to {@code node}, Running, Ready since {@code at}. */
  public static Pod runningAndReady(Pod pod, String node, Instant at) {
    Pod p = Pods.copy(pod);
    p.getSpec().setNodeName(node);
    PodStatus s = new PodStatus();
    s.setPhase("Running");
    s.setStartTime(Timestamps.format(at));
    s.setConditions(new ArrayList<>(List.of(condition("Ready", "True", at), condition("PodScheduled", "True", at))));
    s.setContainerStatuses(containers(p, null, 0));
    p.setStatus(s);
    return p;
  }

  /** Bound to {@code node}, Running but not Ready. */
  public static Pod runningNotReady(Pod pod, String node, Instant at) {
    Pod p = runningAndReady(pod, node, at);
    p.getStatus().setConditions(new ArrayList<>(List.of(condition("Ready", "False", at))));
    return p;
  }

  /** Terminated: Succeeded with exit code 0, or Failed with {@code exitCode}. */
  public static Pod terminated(Pod pod, String node, int exitCode, Instant at) {
    Pod p = Pods.copy(pod);
    p.getSpec().setNodeName(node);
    PodStatus s = new PodStatus();
    s.setPhase(exitCode == 0 ? "Succeeded" : "Failed");
    s.setStartTime(Timestamps.format(at));
    s.setConditions(new ArrayList<>(List.of(condition("Ready", "False", at))));
    s.setContainerStatuses(containers(p, at, exitCode));
    p.setStatus(s);
    return p;
  }

  public static PodCondition condition(String type, String status, Instant at) {
    return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(Timestamps.format(at)).build();
  }

  private static List<ContainerStatus> containers(Pod pod, Instant finished, int exitCode) {
    List<ContainerStatus> out = new ArrayList<>();
    for (var c : pod.getSpec().getContainers()) {
      var state = finished == null
          ? new ContainerStateBuilder().withNewRunning().withStartedAt(Timestamps.format(Instant.EPOCH)).endRunning().build()
          : new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withFinishedAt(Timestamps.format(finished))
              .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().build();
      out.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withReady(finished == null)
          .withRestartCount(0).withState(state).build());
    }
    return out;
  }
}
