package dev.ketch.controllers.daemonset;

import io.fabric8.kubernetes.api.model.apps.DaemonSetCondition;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.util.List;
import java.util.Objects;

/** Compares DaemonSet statuses as the API returns them (zeros may be omitted). */
final class DaemonSetStatuses {

  private DaemonSetStatuses() {}

  static boolean same(DaemonSetStatus a, DaemonSetStatus b) {
    if (b == null) {
      return false;
    }
    return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        && n(a.getDesiredNumberScheduled()) == n(b.getDesiredNumberScheduled())
        && n(a.getCurrentNumberScheduled()) == n(b.getCurrentNumberScheduled())
        && n(a.getNumberMisscheduled()) == n(b.getNumberMisscheduled())
        && n(a.getNumberReady()) == n(b.getNumberReady())
        && n(a.getUpdatedNumberScheduled()) == n(b.getUpdatedNumberScheduled())
        && n(a.getNumberAvailable()) == n(b.getNumberAvailable())
        && n(a.getNumberUnavailable()) == n(b.getNumberUnavailable())
        && key(a.getConditions()).equals(key(b.getConditions()));
  }

  private static int n(Integer i) {
    return i == null ? 0 : i;
  }

  private static List<String> key(List<DaemonSetCondition> conditions) {
    return conditions == null ? List.of() : conditions.stream()
        .map(c -> c.getType() + "/" + c.getStatus() + "/" + c.getReason() + "/" + c.getMessage()).sorted().toList();
  }
}
