package dev.ketch.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pod conditions the kubelet owns, with upstream's reasons and messages
 * (pkg/kubelet/status/generate.go): PodReadyToStartContainers, Initialized, Ready, ContainersReady
 * and PodScheduled. {@link #merge} orders them as upstream's status shows them, after the
 * conditions others own, and keeps each one's lastTransitionTime while its status is unchanged.
 */
public final class PodConditions {

  private PodConditions() {}

  public static final String READY_TO_START = "PodReadyToStartContainers";
  public static final String INITIALIZED = "Initialized";
  public static final String READY = "Ready";
  public static final String CONTAINERS_READY = "ContainersReady";
  public static final String SCHEDULED = "PodScheduled";

  /** The conditions the kubelet writes; any other type belongs to someone else and is kept. */
  public static final Set<String> OWNED = Set.of(READY_TO_START, INITIALIZED, READY, CONTAINERS_READY, SCHEDULED);

  public static PodCondition readyToStart(boolean sandboxReady) {
    return condition(READY_TO_START, sandboxReady, null, null);
  }

  public static PodCondition containersReady(PodSpec spec, List<ContainerStatus> statuses, String phase) {
    if (PodPhases.SUCCEEDED.equals(phase)) {
      return condition(CONTAINERS_READY, false, "PodCompleted", null);
    }
    if (PodPhases.FAILED.equals(phase)) {
      return condition(CONTAINERS_READY, false, "PodFailed", null);
    }
    List<String> unknown = new ArrayList<>();
    List<String> unready = new ArrayList<>();
    for (Container c : list(spec.getContainers())) {
      ContainerStatus s = find(statuses, c.getName());
      if (s == null) {
        unknown.add(c.getName());
      } else if (!Boolean.TRUE.equals(s.getReady())) {
        unready.add(c.getName());
      }
    }
    List<String> messages = new ArrayList<>();
    if (!unknown.isEmpty()) {
      messages.add("containers with unknown status: " + goList(unknown));
    }
    if (!unready.isEmpty()) {
      messages.add("containers with unready status: " + goList(unready));
    }
    if (!messages.isEmpty()) {
      return condition(CONTAINERS_READY, false, "ContainersNotReady", String.join(", ", messages));
    }
    return condition(CONTAINERS_READY, true, null, null);
  }

  public static PodCondition ready(PodSpec spec, List<PodCondition> others, PodCondition containersReady) {
    if (!"True".equals(containersReady.getStatus())) {
      return condition(READY, false, containersReady.getReason(), containersReady.getMessage());
    }
    List<String> messages = new ArrayList<>();
    for (PodReadinessGate gate : list(spec.getReadinessGates())) {
      PodCondition c = others.stream().filter(o -> gate.getConditionType().equals(o.getType())).findFirst().orElse(null);
      if (c == null) {
        messages.add("corresponding condition of pod readiness gate \"" + gate.getConditionType() + "\" does not exist.");
      } else if (!"True".equals(c.getStatus())) {
        messages.add("the status of pod readiness gate \"" + gate.getConditionType() + "\" is not \"True\", but " + c.getStatus());
      }
    }
    if (!messages.isEmpty()) {
      return condition(READY, false, "ReadinessGatesNotReady", String.join(", ", messages));
    }
    return condition(READY, true, null, null);
  }

  public static PodCondition initialized(PodSpec spec, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses,
      String phase) {
    List<String> unknown = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (Container c : list(spec.getInitContainers())) {
      ContainerStatus s = find(initStatuses, c.getName());
      if (s == null) {
        unknown.add(c.getName());
      } else if (!Boolean.TRUE.equals(s.getReady())) {
        incomplete.add(c.getName());
      }
    }
    if (PodPhases.SUCCEEDED.equals(phase) && unknown.isEmpty()) {
      return condition(INITIALIZED, true, "PodCompleted", null);
    }
    boolean anyStarted = statuses.stream().anyMatch(s -> s.getState() != null
        && (s.getState().getRunning() != null || s.getState().getTerminated() != null
            || (s.getLastState() != null && s.getLastState().getTerminated() != null)));
    if (anyStarted) {
      return condition(INITIALIZED, true, null, null);
    }
    List<String> messages = new ArrayList<>();
    if (!unknown.isEmpty()) {
      messages.add("containers with unknown status: " + goList(unknown));
    }
    if (!incomplete.isEmpty()) {
      messages.add("containers with incomplete status: " + goList(incomplete));
    }
    if (!messages.isEmpty()) {
      return condition(INITIALIZED, false, "ContainersNotInitialized", String.join(", ", messages));
    }
    return condition(INITIALIZED, true, null, null);
  }

  /**
   * The conditions to write: those of others as they are, then the kubelet's in upstream's order
   * (PodScheduled kept as the scheduler or binding wrote it, True if missing), each keeping its
   * old lastTransitionTime while its status is unchanged, else stamped {@code now}.
   */
  public static List<PodCondition> merge(List<PodCondition> old, List<PodCondition> kubelet, String now) {
    List<PodCondition> out = new ArrayList<>();
    for (PodCondition c : old) {
      if (!OWNED.contains(c.getType())) {
        out.add(c);
      }
    }
    for (PodCondition c : kubelet) {
      PodCondition previous = old.stream().filter(o -> c.getType().equals(o.getType())).findFirst().orElse(null);
      c.setLastTransitionTime(previous != null && c.getStatus().equals(previous.getStatus()) && previous.getLastTransitionTime() != null
          ? previous.getLastTransitionTime() : now);
      out.add(c);
    }
    PodCondition scheduled = old.stream().filter(o -> SCHEDULED.equals(o.getType())).findFirst().orElse(null);
    out.add(scheduled != null ? scheduled : withTime(condition(SCHEDULED, true, null, null), now));
    return out;
  }

  private static PodCondition withTime(PodCondition c, String now) {
    c.setLastTransitionTime(now);
    return c;
  }

  private static PodCondition condition(String type, boolean status, String reason, String message) {
    return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
        .withMessage(message).build();
  }

  /** Go's %s of a string slice: {@code [a b]}. */
  private static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  private static ContainerStatus find(List<ContainerStatus> statuses, String name) {
    for (ContainerStatus s : statuses) {
      if (name.equals(s.getName())) {
        return s;
      }
    }
    return null;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
