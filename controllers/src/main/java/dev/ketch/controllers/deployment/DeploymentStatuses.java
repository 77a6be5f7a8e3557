package dev.ketch.controllers.deployment;

import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A Deployment's status from its ReplicaSets, and the tests of a rollout's progress, as upstream's. */
final class DeploymentStatuses {

  private DeploymentStatuses() {}

  /** The status the ReplicaSets give {@code d} (conditions: its own, with Available recomputed). */
  static DeploymentStatus calculate(List<ReplicaSet> all, ReplicaSet newRs, Deployment d, String now) {
    int available = ReplicaSets.availableReplicaCount(all);
    int total = ReplicaSets.replicaCount(all);
    DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    DeploymentStatus s = new DeploymentStatus();
    s.setObservedGeneration(d.getMetadata().getGeneration());
    s.setReplicas(ReplicaSets.actualReplicaCount(all));
    s.setUpdatedReplicas(newRs == null ? 0 : ReplicaSets.statusReplicas(newRs));
    s.setReadyReplicas(ReplicaSets.readyReplicaCount(all));
    s.setAvailableReplicas(available);
    s.setUnavailableReplicas(Math.max(0, total - available));
    s.setCollisionCount(old.getCollisionCount());
    s.setTerminatingReplicas(old.getTerminatingReplicas());
    s.setConditions(old.getConditions() == null ? new ArrayList<>() : copy(old.getConditions()));
    if (available >= RolloutMath.replicas(d) - RolloutMath.maxUnavailable(d)) {
      DeploymentConditions.set(s, DeploymentConditions.condition(DeploymentConditions.AVAILABLE, "True",
          DeploymentConditions.MINIMUM_AVAILABLE, "Deployment has minimum availability.", now));
    } else {
      DeploymentConditions.set(s, DeploymentConditions.condition(DeploymentConditions.AVAILABLE, "False",
          DeploymentConditions.MINIMUM_UNAVAILABLE, "Deployment does not have minimum availability.", now));
    }
    return s;
  }

  static List<DeploymentCondition> copy(List<DeploymentCondition> conditions) {
    List<DeploymentCondition> out = new ArrayList<>();
    for (DeploymentCondition c : conditions) {
      out.add(new DeploymentCondition(c.getLastTransitionTime(), c.getLastUpdateTime(), c.getMessage(), c.getReason(), c.getStatus(), c.getType()));
    }
    return out;
  }

  private static int n(Integer v) {
    return v == null ? 0 : v;
  }

  /** Every replica updated and available, none old, the latest generation observed. */
  static boolean complete(Deployment d, DeploymentStatus s) {
    int replicas = RolloutMath.replicas(d);
    return n(s.getUpdatedReplicas()) == replicas && n(s.getReplicas()) == replicas && n(s.getAvailableReplicas()) == replicas
        && s.getObservedGeneration() != null && d.getMetadata().getGeneration() != null
        && s.getObservedGeneration() >= d.getMetadata().getGeneration();
  }

  /** More updated, ready or available replicas than the status recorded, or fewer old ones. */
  static boolean progressing(Deployment d, DeploymentStatus s) {
    DeploymentStatus current = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    int currentOld = n(current.getReplicas()) - n(current.getUpdatedReplicas());
    int newOld = n(s.getReplicas()) - n(s.getUpdatedReplicas());
    return n(s.getUpdatedReplicas()) > n(current.getUpdatedReplicas()) || newOld < currentOld
        || n(s.getReadyReplicas()) > n(current.getReadyReplicas()) || n(s.getAvailableReplicas()) > n(current.getAvailableReplicas());
  }

  static boolean hasProgressDeadline(Deployment d) {
    Integer p = d.getSpec().getProgressDeadlineSeconds();
    return p != null && p != Integer.MAX_VALUE;
  }

  /** True once the Progressing condition was last updated more than progressDeadlineSeconds ago. */
  static boolean timedOut(Deployment d, DeploymentStatus s, Instant now) {
    if (!hasProgressDeadline(d)) {
      return false;
    }
    DeploymentCondition c = DeploymentConditions.get(s, DeploymentConditions.PROGRESSING);
    if (c == null || DeploymentConditions.NEW_RS_AVAILABLE.equals(c.getReason())) {
      return false;
    }
    if (DeploymentConditions.TIMED_OUT.equals(c.getReason())) {
      return true;
    }
    Instant from = Timestamps.parse(c.getLastUpdateTime());
    return from != null && from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
  }

  /**
   * When a stuck rollout should be looked at again to time it out, or null: progressing with a
   * deadline not yet passed, as upstream's requeueStuckDeployment.
   */
  static Duration untilDeadline(Deployment d, DeploymentStatus s, Instant now) {
    DeploymentCondition c = DeploymentConditions.get(s, DeploymentConditions.PROGRESSING);
    if (!hasProgressDeadline(d) || c == null) {
      return null;
    }
    if (DeploymentConditions.NEW_RS_AVAILABLE.equals(c.getReason()) || DeploymentConditions.TIMED_OUT.equals(c.getReason())) {
      return null;
    }
    if (complete(d, s)) {
      return null;
    }
    Instant from = Timestamps.parse(c.getLastUpdateTime());
    if (from == null) {
      return null;
    }
    Duration after = Duration.between(now, from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
    return after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ZERO : after;
  }

  /** Status equality as the controller needs it (field by field, conditions in order). */
  static boolean same(DeploymentStatus a, DeploymentStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration()) && n(a.getReplicas()) == n(b.getReplicas())
        && n(a.getUpdatedReplicas()) == n(b.getUpdatedReplicas()) && n(a.getReadyReplicas()) == n(b.getReadyReplicas())
        && n(a.getAvailableReplicas()) == n(b.getAvailableReplicas()) && n(a.getUnavailableReplicas()) == n(b.getUnavailableReplicas())
        && Objects.equals(a.getCollisionCount(), b.getCollisionCount())
        && Objects.equals(emptyToNull(a.getConditions()), emptyToNull(b.getConditions()));
  }

  private static <T> List<T> emptyToNull(List<T> l) {
    return l == null || l.isEmpty() ? null : l;
  }
}
