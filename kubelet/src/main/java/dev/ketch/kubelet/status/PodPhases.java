package dev.ketch.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/**
 * A pod's phase from its containers' states, as upstream's kubelet computes it (getPhase): init
 * containers that failed under restartPolicy Never make it Failed; init containers still to run,
 * or app containers waiting for their first start, keep it Pending; any app container running
 * makes it Running; all stopped make it Succeeded or Failed by exit codes and policy (Running
 * under Always and OnFailure, which will restart them), unless the pod is terminal (being
 * deleted, all stopped), when only exit codes count.
 */
public final class PodPhases {

  private PodPhases() {}

  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  public static boolean isTerminal(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  public static String phase(PodSpec spec, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses,
      boolean podIsTerminal) {
    int pendingInit = 0;
    int failedInit = 0;
    for (Container c : list(spec.getInitContainers())) {
      ContainerStatus s = find(initStatuses, c.getName());
      if (s == null || s.getState() == null) {
        pendingInit++;
      } else if (s.getState().getRunning() != null) {
        pendingInit++;
      } else if (s.getState().getTerminated() != null) {
        if (s.getState().getTerminated().getExitCode() != 0) {
          failedInit++;
        }
      } else if (s.getState().getWaiting() != null) {
        if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
          if (s.getLastState().getTerminated().getExitCode() != 0) {
            failedInit++;
          }
        } else {
          pendingInit++;
        }
      } else {
        pendingInit++;
      }
    }
    int unknown = 0;
    int running = 0;
    int waiting = 0;
    int stopped = 0;
    int succeeded = 0;
    for (Container c : list(spec.getContainers())) {
      ContainerStatus s = find(statuses, c.getName());
      if (s == null || s.getState() == null) {
        unknown++;
      } else if (s.getState().getRunning() != null) {
        running++;
      } else if (s.getState().getTerminated() != null) {
        stopped++;
        if (s.getState().getTerminated().getExitCode() == 0) {
          succeeded++;
        }
      } else if (s.getState().getWaiting() != null) {
        if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
          stopped++;
        } else {
          waiting++;
        }
      } else {
        unknown++;
      }
    }
    String policy = spec.getRestartPolicy() == null ? "Always" : spec.getRestartPolicy();
    if (failedInit > 0 && "Never".equals(policy)) {
      return FAILED;
    }
    if (pendingInit > 0 || failedInit > 0) {
      // Init containers still to run (or to be retried): upstream's "Pending".
      return PENDING;
    }
    if (waiting > 0) {
      return PENDING;
    }
    if (running > 0 && unknown == 0) {
      return RUNNING;
    }
    if (running == 0 && stopped > 0 && unknown == 0) {
      if (podIsTerminal) {
        return stopped == succeeded ? SUCCEEDED : FAILED;
      }
      if ("Always".equals(policy)) {
        return RUNNING;
      }
      if (stopped == succeeded) {
        return SUCCEEDED;
      }
      if ("Never".equals(policy)) {
        return FAILED;
      }
      return RUNNING;
    }
    return PENDING;
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
