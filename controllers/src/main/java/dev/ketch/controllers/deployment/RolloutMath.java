package dev.ketch.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.List;

/** The numbers of a rollout: surge, unavailability and proportions, as upstream's deployment util. */
final class RolloutMath {

  private RolloutMath() {}

  static int replicas(Deployment d) {
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  static boolean isRollingUpdate(Deployment d) {
    return d.getSpec().getStrategy() == null || !"Recreate".equals(d.getSpec().getStrategy().getType());
  }

  static boolean isPaused(Deployment d) {
    return Boolean.TRUE.equals(d.getSpec().getPaused());
  }

  static int minReadySeconds(Deployment d) {
    return d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds();
  }

  /** The value of an int-or-percent of {@code total}, rounding up or down. */
  static int scaled(IntOrString value, int total, boolean roundUp) {
    if (value == null) {
      return 0;
    }
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String s = value.getStrVal();
    if (s == null || !s.endsWith("%")) {
      throw new IllegalArgumentException("invalid value for IntOrString: " + s);
    }
    double percent = Integer.parseInt(s.substring(0, s.length() - 1).trim());
    double v = percent * total / 100.0;
    return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
  }

  /** {surge, unavailable}: surge rounded up, unavailable down; both zero means one unavailable. */
  static int[] fenceposts(Deployment d) {
    RollingUpdateDeployment ru = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
    IntOrString surge = ru == null || ru.getMaxSurge() == null ? new IntOrString("25%") : ru.getMaxSurge();
    IntOrString unavailable = ru == null || ru.getMaxUnavailable() == null ? new IntOrString("25%") : ru.getMaxUnavailable();
    int desired = replicas(d);
    int s = scaled(surge, desired, true);
    int u = scaled(unavailable, desired, false);
    if (s == 0 && u == 0) {
      u = 1;
    }
    return new int[] {s, u};
  }

  static int maxSurge(Deployment d) {
    return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
  }

  static int maxUnavailable(Deployment d) {
    if (!isRollingUpdate(d) || replicas(d) == 0) {
      return 0;
    }
    return Math.min(fenceposts(d)[1], replicas(d));
  }

  /** The replicas the new ReplicaSet should have now, as upstream's NewRSNewReplicas. */
  static int newRsNewReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRs) {
    if (!isRollingUpdate(d)) {
      return replicas(d);
    }
    int current = ReplicaSets.replicaCount(all);
    int maxTotal = replicas(d) + maxSurge(d);
    int newReplicas = ReplicaSets.specReplicas(newRs);
    if (current >= maxTotal) {
      return newReplicas;
    }
    int scaleUp = Math.min(maxTotal - current, replicas(d) - newReplicas);
    return newReplicas + scaleUp;
  }

  /** True when the ReplicaSet has all the Deployment's replicas, all available. */
  static boolean isSaturated(Deployment d, ReplicaSet rs) {
    if (rs == null) {
      return false;
    }
    Integer desired = ReplicaSets.intAnnotation(rs, ReplicaSets.DESIRED_REPLICAS);
    return desired != null && ReplicaSets.specReplicas(rs) == replicas(d) && desired == replicas(d)
        && ReplicaSets.availableReplicas(rs) == replicas(d);
  }

  /**
   * How many replicas {@code rs} gets of {@code toAdd} (negative to remove) in proportional scaling,
   * given {@code added} already handed out, as upstream's GetProportion.
   */
  static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
    if (rs == null || ReplicaSets.specReplicas(rs) == 0 || toAdd == 0 || toAdd == added) {
      return 0;
    }
    int fraction = fraction(rs, d);
    int allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  private static int fraction(ReplicaSet rs, Deployment d) {
    if (replicas(d) == 0) {
      return -ReplicaSets.specReplicas(rs);
    }
    int deploymentReplicas = replicas(d) + maxSurge(d);
    Integer annotated = ReplicaSets.intAnnotation(rs, ReplicaSets.MAX_REPLICAS);
    int base = annotated != null ? annotated : (d.getStatus() == null || d.getStatus().getReplicas() == null ? 0 : d.getStatus().getReplicas());
    if (base == 0) {
      return 0;
    }
    double newSize = (double) ReplicaSets.specReplicas(rs) * deploymentReplicas / base;
    return (int) Math.round(newSize) - ReplicaSets.specReplicas(rs);
  }
}
