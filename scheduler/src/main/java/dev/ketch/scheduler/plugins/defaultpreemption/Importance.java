package dev.ketch.scheduler.plugins.defaultpreemption;

import dev.ketch.scheduler.framework.PodInfo;
import java.time.Instant;
import java.util.Comparator;

/**
 * Which pods matter more, as upstream's {@code MoreImportantPod}: higher priority, then the one
 * that has been running longer. A pod that has not started counts as starting now.
 */
final class Importance {

  private Importance() {}

  static Instant startTime(PodInfo p, Instant now) {
    var status = p.pod().getStatus();
    if (status == null || status.getStartTime() == null || status.getStartTime().isEmpty()) {
      return now;
    }
    try {
      return Instant.parse(status.getStartTime());
    } catch (RuntimeException e) {
      return now;
    }
  }

  /** Orders most important first. */
  static Comparator<PodInfo> mostImportantFirst(Instant now) {
    return Comparator.comparingInt(PodInfo::priority).reversed().thenComparing(p -> startTime(p, now));
  }
}
