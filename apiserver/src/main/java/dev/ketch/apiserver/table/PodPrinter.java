package dev.ketch.apiserver.table;

import static dev.ketch.apiserver.table.Cells.list;
import static dev.ketch.apiserver.table.Cells.str;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods as upstream's {@code printPod} shows them: READY counts ready containers (sidecars
 * included), STATUS condenses phase, init progress and container states into one word ({@code
 * Running}, {@code Init:0/2}, {@code Init:Error}, {@code CrashLoopBackOff}, {@code Completed},
 * {@code Terminating}, {@code Unknown} for a deleted pod on a lost node…), RESTARTS says when the
 * last restart was.
 */
final class PodPrinter implements RowPrinter<Pod> {

  static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
      Columns.string("Status", "The aggregate status of the containers in this pod."),
      Columns.string("Restarts",
          "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
      Columns.AGE,
      Columns.wide("IP", Columns.doc("core.v1.PodStatus.podIP")),
      Columns.wide("Node", Columns.doc("core.v1.PodSpec.nodeName")),
      Columns.wide("Nominated Node", Columns.doc("core.v1.PodStatus.nominatedNodeName")),
      Columns.wide("Readiness Gates", Columns.doc("core.v1.PodSpec.readinessGates")));

  /** The pod status reason of pods on a node that stopped reporting. */
  private static final String NODE_LOST = "NodeLost";

  private static final List<RowCondition> SUCCEEDED =
      List.of(new RowCondition("Completed", "True", "Succeeded", "The pod has completed successfully."));
  private static final List<RowCondition> FAILED =
      List.of(new RowCondition("Completed", "True", "Failed", "The pod failed."));

  @Override
  public List<RowCondition> conditions(Pod pod) {
    String phase = pod.getStatus() == null ? "" : str(pod.getStatus().getPhase());
    return switch (phase) {
      case "Succeeded" -> SUCCEEDED;
      case "Failed" -> FAILED;
      default -> List.of();
    };
  }

  @Override
  public List<Object> cells(Pod pod, Instant now) {
    PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    List<PodCondition> conditions = list(status.getConditions());

    int restarts = 0;
    int sidecarRestarts = 0;
    int total = list(spec.getContainers()).size();
    int ready = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;

    String phase = str(status.getPhase());
    String reason = str(status.getReason()).isEmpty() ? phase : status.getReason();
    for (PodCondition c : conditions) {
      if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
        reason = "SchedulingGated";
      }
    }

    Map<String, Container> initContainers = new HashMap<>();
    for (Container c : list(spec.getInitContainers())) {
      initContainers.put(c.getName(), c);
      if (isSidecar(c)) {
        total++;
      }
    }

    boolean initializing = false;
    List<ContainerStatus> initStatuses = list(status.getInitContainerStatuses());
    for (int i = 0; i < initStatuses.size(); i++) {
      ContainerStatus cs = initStatuses.get(i);
      ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
      boolean sidecar = isSidecar(initContainers.get(cs.getName()));
      restarts += (int) Cells.count(cs.getRestartCount());
      lastRestart = later(lastRestart, lastTermination(cs));
      if (sidecar) {
        sidecarRestarts += (int) Cells.count(cs.getRestartCount());
        lastSidecarRestart = later(lastSidecarRestart, lastTermination(cs));
      }
      ContainerStateTerminated terminated = state.getTerminated();
      if (terminated != null && Cells.count(terminated.getExitCode()) == 0) {
        continue;
      }
      if (sidecar && Boolean.TRUE.equals(cs.getStarted())) {
        if (Boolean.TRUE.equals(cs.getReady())) {
          ready++;
        }
        continue;
      }
      if (terminated != null) {
        // Initialization failed.
        if (str(terminated.getReason()).isEmpty()) {
          reason = Cells.count(terminated.getSignal()) != 0
              ? "Init:Signal:" + terminated.getSignal()
              : "Init:ExitCode:" + Cells.count(terminated.getExitCode());
        } else {
          reason = "Init:" + terminated.getReason();
        }
      } else if (state.getWaiting() != null && !str(state.getWaiting().getReason()).isEmpty()
          && !"PodInitializing".equals(state.getWaiting().getReason())) {
        reason = "Init:" + state.getWaiting().getReason();
      } else {
        reason = "Init:" + i + "/" + list(spec.getInitContainers()).size();
      }
      initializing = true;
      break;
    }

    if (!initializing || hasCondition(conditions, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      List<ContainerStatus> statuses = list(status.getContainerStatuses());
      for (int i = statuses.size() - 1; i >= 0; i--) {
        ContainerStatus cs = statuses.get(i);
        ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
        restarts += (int) Cells.count(cs.getRestartCount());
        lastRestart = later(lastRestart, lastTermination(cs));
        ContainerStateTerminated terminated = state.getTerminated();
        if (state.getWaiting() != null && !str(state.getWaiting().getReason()).isEmpty()) {
          reason = state.getWaiting().getReason();
        } else if (terminated != null && !str(terminated.getReason()).isEmpty()) {
          reason = terminated.getReason();
        } else if (terminated != null) {
          reason = Cells.count(terminated.getSignal()) != 0
              ? "Signal:" + terminated.getSignal()
              : "ExitCode:" + Cells.count(terminated.getExitCode());
        } else if (Boolean.TRUE.equals(cs.getReady()) && state.getRunning() != null) {
          hasRunning = true;
          ready++;
        }
      }
      // A container that exited while another still runs: the pod is not "Completed".
      if ("Completed".equals(reason) && hasRunning) {
        reason = hasCondition(conditions, "Ready") ? "Running" : "NotReady";
      }
    }

    boolean deleting = pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
    if (deleting && NODE_LOST.equals(status.getReason())) {
      reason = "Unknown";
    } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
      reason = "Terminating";
    }

    String restartCell = String.valueOf(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartCell = restarts + " (" + Cells.since(lastRestart, now) + " ago)";
    }

    String ip = podIP(status);
    return List.of(
        str(pod.getMetadata() == null ? null : pod.getMetadata().getName()),
        ready + "/" + total,
        reason,
        restartCell,
        Cells.age(pod.getMetadata() == null ? null : pod.getMetadata().getCreationTimestamp(), now),
        Cells.orNone(ip),
        Cells.orNone(spec.getNodeName()),
        Cells.orNone(status.getNominatedNodeName()),
        readinessGates(spec, conditions));
  }

  /** An init container with restartPolicy Always runs beside the app containers. */
  private static boolean isSidecar(Container c) {
    return c != null && "Always".equals(c.getRestartPolicy());
  }

  private static Instant lastTermination(ContainerStatus cs) {
    if (cs.getLastState() == null || cs.getLastState().getTerminated() == null) {
      return null;
    }
    return Cells.time(cs.getLastState().getTerminated().getFinishedAt());
  }

  private static Instant later(Instant current, Instant candidate) {
    if (candidate == null) {
      return current;
    }
    return current == null || current.isBefore(candidate) ? candidate : current;
  }

  private static boolean hasCondition(List<PodCondition> conditions, String type) {
    for (PodCondition c : conditions) {
      if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first pod IP as the internal type has it: v1 {@code status.podIP} when set, else the first
   * of {@code status.podIPs}.
   */
  private static String podIP(PodStatus status) {
    if (!str(status.getPodIP()).isEmpty()) {
      return status.getPodIP();
    }
    return list(status.getPodIPs()).isEmpty() ? "" : str(status.getPodIPs().getFirst().getIp());
  }

  private static String readinessGates(PodSpec spec, List<PodCondition> conditions) {
    List<PodReadinessGate> gates = list(spec.getReadinessGates());
    if (gates.isEmpty()) {
      return "<none>";
    }
    int trueConditions = 0;
    for (PodReadinessGate gate : gates) {
      for (PodCondition c : conditions) {
        if (c.getType() != null && c.getType().equals(gate.getConditionType())) {
          if ("True".equals(c.getStatus())) {
            trueConditions++;
          }
          break;
        }
      }
    }
    return trueConditions + "/" + gates.size();
  }
}
