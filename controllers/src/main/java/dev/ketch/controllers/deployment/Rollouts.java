package dev.ketch.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Deployment strategies and scaling, as upstream's rolling.go, recreate.go and sync.go: each
 * pass does one step (scale the new ReplicaSet up, or the old ones down) and writes the status; the
 * ReplicaSet events that follow bring the next pass.
 */
final class Rollouts {

  private final NewReplicaSets newReplicaSets;

  Rollouts(NewReplicaSets newReplicaSets) {
    this.newReplicaSets = newReplicaSets;
  }

  /** RollingUpdate: surge the new ReplicaSet within maxSurge, then shrink old ones within maxUnavailable. */
  void rolling(DeploymentSync sync, List<ReplicaSet> owned) {
    NewReplicaSets.Found found = newReplicaSets.find(sync, owned, true);
    ReplicaSet newRs = found.newRs();
    List<ReplicaSet> old = new ArrayList<>(found.old());
    List<ReplicaSet> all = ReplicaSets.withNew(old, newRs);
    ReplicaSet written = reconcileNew(sync, all, newRs);
    boolean scaledUp = sync.scaled;
    replace(all, newRs, written);
    newRs = written;
    if (scaledUp) {
      sync.syncRolloutStatus(ReplicaSets.withNew(old, newRs), newRs);
      return;
    }
    if (reconcileOld(sync, all, old, newRs)) {
      sync.syncRolloutStatus(ReplicaSets.withNew(old, newRs), newRs);
      return;
    }
    if (DeploymentStatuses.complete(sync.d, sync.status())) {
      sync.cleanup(old);
    }
    sync.syncRolloutStatus(all, newRs);
  }

  /** Scales the new ReplicaSet towards the Deployment's replicas; {@code sync.scaled} says whether it did. */
  private ReplicaSet reconcileNew(DeploymentSync sync, List<ReplicaSet> all, ReplicaSet newRs) {
    Deployment d = sync.d;
    sync.scaled = false;
    int replicas = RolloutMath.replicas(d);
    int current = ReplicaSets.specReplicas(newRs);
    if (current == replicas) {
      return newRs;
    }
    int target = current > replicas ? replicas : RolloutMath.newRsNewReplicas(d, all, newRs);
    return sync.scale(newRs, target);
  }

  private boolean reconcileOld(DeploymentSync sync, List<ReplicaSet> all, List<ReplicaSet> old, ReplicaSet newRs) {
    Deployment d = sync.d;
    if (ReplicaSets.replicaCount(old) == 0) {
      return false;
    }
    int allPods = ReplicaSets.replicaCount(all);
    int minAvailable = RolloutMath.replicas(d) - RolloutMath.maxUnavailable(d);
    int newUnavailable = ReplicaSets.specReplicas(newRs) - ReplicaSets.availableReplicas(newRs);
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return false;
    }
    // Old pods that are not available go first: they cost no availability.
    int cleaned = cleanupUnhealthy(sync, old, all, maxScaledDown);
    int scaledDown = scaleDownOld(sync, old, all);
    return cleaned + scaledDown > 0;
  }

  private int cleanupUnhealthy(DeploymentSync sync, List<ReplicaSet> old, List<ReplicaSet> all, int maxCleanup) {
    List<ReplicaSet> sorted = new ArrayList<>(old);
    sorted.sort(ReplicaSets.BY_CREATION);
    int total = 0;
    for (ReplicaSet rs : sorted) {
      if (total >= maxCleanup) {
        break;
      }
      int replicas = ReplicaSets.specReplicas(rs);
      if (replicas == 0) {
        continue;
      }
      int available = ReplicaSets.availableReplicas(rs);
      // Its status may still count pods of a larger size it was just scaled down from: then it
      // has nothing unhealthy to give up (upstream fails the pass here, and backs off).
      if (replicas <= available) {
        continue;
      }
      int count = Math.min(maxCleanup - total, replicas - available);
      int newReplicas = replicas - count;
      ReplicaSet written = sync.scale(rs, newReplicas);
      replace(old, rs, written);
      replace(all, rs, written);
      total += count;
    }
    return total;
  }

  private int scaleDownOld(DeploymentSync sync, List<ReplicaSet> old, List<ReplicaSet> all) {
    Deployment d = sync.d;
    int minAvailable = RolloutMath.replicas(d) - RolloutMath.maxUnavailable(d);
    int available = ReplicaSets.availableReplicaCount(all);
    if (available <= minAvailable) {
      return 0;
    }
    int toScaleDown = available - minAvailable;
    List<ReplicaSet> sorted = new ArrayList<>(old);
    sorted.sort(ReplicaSets.BY_CREATION);
    int total = 0;
    for (ReplicaSet rs : sorted) {
      if (total >= toScaleDown) {
        break;
      }
      int replicas = ReplicaSets.specReplicas(rs);
      if (replicas == 0) {
        continue;
      }
      int count = Math.min(replicas, toScaleDown - total);
      ReplicaSet written = sync.scale(rs, replicas - count);
      replace(old, rs, written);
      replace(all, rs, written);
      total += count;
    }
    return total;
  }

  /** Recreate: every old pod gone before the new ReplicaSet is created and scaled up. */
  void recreate(DeploymentSync sync, List<ReplicaSet> owned, Map<String, List<Pod>> podsByReplicaSet) {
    NewReplicaSets.Found found = newReplicaSets.find(sync, owned, false);
    ReplicaSet newRs = found.newRs();
    List<ReplicaSet> old = new ArrayList<>(found.old());
    boolean scaledDown = false;
    for (ReplicaSet rs : ReplicaSets.active(old)) {
      ReplicaSet written = sync.scale(rs, 0);
      scaledDown |= sync.scaled;
      replace(old, rs, written);
    }
    if (scaledDown) {
      sync.syncRolloutStatus(ReplicaSets.withNew(old, newRs), newRs);
      return;
    }
    if (oldPodsRunning(newRs, old, podsByReplicaSet)) {
      sync.syncRolloutStatus(ReplicaSets.withNew(old, newRs), newRs);
      return;
    }
    if (newRs == null) {
      found = newReplicaSets.find(sync, owned, true);
      newRs = found.newRs();
      old = new ArrayList<>(found.old());
    }
    ReplicaSet scaledNew = sync.scale(newRs, RolloutMath.replicas(sync.d));
    if (sync.scaled) {
      sync.syncRolloutStatus(ReplicaSets.withNew(old, scaledNew), scaledNew);
      return;
    }
    if (DeploymentStatuses.complete(sync.d, sync.status())) {
      sync.cleanup(old);
    }
    sync.syncRolloutStatus(ReplicaSets.withNew(old, scaledNew), scaledNew);
  }

  private static boolean oldPodsRunning(ReplicaSet newRs, List<ReplicaSet> old, Map<String, List<Pod>> podsByReplicaSet) {
    if (ReplicaSets.actualReplicaCount(old) > 0) {
      return true;
    }
    for (var e : podsByReplicaSet.entrySet()) {
      if (newRs != null && Objects.equals(e.getKey(), newRs.getMetadata().getUid())) {
        continue;
      }
      for (Pod p : e.getValue()) {
        String phase = p.getStatus() == null ? "" : p.getStatus().getPhase();
        if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A scaling pass (replicas changed, or paused): the Deployment's new replica count is spread
   * over its active ReplicaSets in proportion to their size, as upstream's scale().
   */
  void scale(DeploymentSync sync, List<ReplicaSet> owned) {
    NewReplicaSets.Found found = newReplicaSets.find(sync, owned, false);
    ReplicaSet newRs = found.newRs();
    List<ReplicaSet> old = new ArrayList<>(found.old());
    Deployment d = sync.d;
    ReplicaSet activeOrLatest = activeOrLatest(newRs, old);
    if (activeOrLatest != null) {
      if (ReplicaSets.specReplicas(activeOrLatest) != RolloutMath.replicas(d)) {
        ReplicaSet written = sync.scale(activeOrLatest, RolloutMath.replicas(d));
        newRs = activeOrLatest == newRs ? written : newRs;
        replace(old, activeOrLatest, written);
      }
    } else if (RolloutMath.isSaturated(d, newRs)) {
      for (ReplicaSet rs : ReplicaSets.active(old)) {
        replace(old, rs, sync.scale(rs, 0));
      }
    } else if (RolloutMath.isRollingUpdate(d)) {
      newRs = proportional(sync, newRs, old);
    }
    if (RolloutMath.isPaused(d)) {
      sync.cleanup(old);
    }
    sync.syncStatus(ReplicaSets.withNew(old, newRs), newRs);
  }

  private ReplicaSet proportional(DeploymentSync sync, ReplicaSet newRs, List<ReplicaSet> old) {
    Deployment d = sync.d;
    List<ReplicaSet> active = new ArrayList<>(ReplicaSets.active(ReplicaSets.withNew(old, newRs)));
    int current = ReplicaSets.replicaCount(active);
    int allowed = RolloutMath.replicas(d) > 0 ? RolloutMath.replicas(d) + RolloutMath.maxSurge(d) : 0;
    int toAdd = allowed - current;
    Comparator<ReplicaSet> bySize = Comparator.comparingInt(ReplicaSets::specReplicas);
    if (toAdd > 0) {
      // Larger first, then newer.
      active.sort(bySize.reversed().thenComparing(ReplicaSets.BY_CREATION.reversed()));
    } else if (toAdd < 0) {
      // Larger first, then older.
      active.sort(bySize.reversed().thenComparing(ReplicaSets.BY_CREATION));
    }
    Map<String, Integer> sizes = new HashMap<>();
    int added = 0;
    for (ReplicaSet rs : active) {
      int proportion = toAdd != 0 ? RolloutMath.proportion(rs, d, toAdd, added) : 0;
      sizes.put(rs.getMetadata().getName(), ReplicaSets.specReplicas(rs) + proportion);
      added += proportion;
    }
    if (toAdd != 0 && !active.isEmpty()) {
      String first = active.getFirst().getMetadata().getName();
      sizes.put(first, Math.max(0, sizes.get(first) + toAdd - added));
    }
    ReplicaSet result = newRs;
    for (ReplicaSet rs : active) {
      ReplicaSet written = sync.scale(rs, sizes.get(rs.getMetadata().getName()));
      if (rs == newRs) {
        result = written;
      } else {
        replace(old, rs, written);
      }
    }
    return result;
  }

  /** The only active ReplicaSet, or the newest (or new) one when none is active; null when several are. */
  private static ReplicaSet activeOrLatest(ReplicaSet newRs, List<ReplicaSet> old) {
    if (newRs == null && old.isEmpty()) {
      return null;
    }
    List<ReplicaSet> sortedOld = new ArrayList<>(old);
    sortedOld.sort(ReplicaSets.BY_CREATION.reversed());
    List<ReplicaSet> active = ReplicaSets.active(ReplicaSets.withNew(sortedOld, newRs));
    return switch (active.size()) {
      case 0 -> newRs != null ? newRs : sortedOld.getFirst();
      case 1 -> active.getFirst();
      default -> null;
    };
  }

  private static void replace(List<ReplicaSet> list, ReplicaSet before, ReplicaSet after) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == before) {
        list.set(i, after);
      }
    }
  }
}
