package dev.ketch.controllers.deployment;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over one Deployment: the writes every strategy shares (scaling a ReplicaSet, the
 * Deployment's status, cleaning old ReplicaSets), and what the pass found out. The Deployment it
 * holds is a copy, replaced by what the API answers after each status write. Used by one worker
 * for one key; not thread-safe.
 */
final class DeploymentSync {

  private final ResourceClient<Deployment> deployments;
  private final ResourceClient<ReplicaSet> replicaSets;
  private final EventRecorder recorder;
  private final Clock clock;
  Deployment d;
  /** When set, the key should be looked at again after this long (a progress deadline). */
  Duration requeueAfter;

  DeploymentSync(Deployment cached, ResourceClient<Deployment> deployments, ResourceClient<ReplicaSet> replicaSets,
      EventRecorder recorder, Clock clock) {
    this.d = new DeploymentBuilder(cached).build();
    this.deployments = deployments;
    this.replicaSets = replicaSets;
    this.recorder = recorder;
    this.clock = clock;
  }

  Instant now() {
    return clock.now();
  }

  String nowString() {
    return Timestamps.format(clock.now());
  }

  ResourceClient<ReplicaSet> replicaSets() {
    return replicaSets;
  }

  void event(EventType type, String reason, String message) {
    recorder.event(d, type, reason, message);
  }

  DeploymentStatus status() {
    if (d.getStatus() == null) {
      d.setStatus(new DeploymentStatus());
    }
    return d.getStatus();
  }

  /** Writes the Deployment's status (and annotations, which a status write may change, as upstream). */
  void writeStatus() {
    d = deployments.updateStatus(d);
  }

  /** Writes {@code status} as the Deployment's. */
  void writeStatus(DeploymentStatus status) {
    d.setStatus(status);
    writeStatus();
  }

  /** Scales {@code rs} to {@code newScale}, recording an event if its size changed. Returns the ReplicaSet as written. */
  ReplicaSet scale(ReplicaSet rs, int newScale) {
    int old = ReplicaSets.specReplicas(rs);
    if (old == newScale) {
      return scale(rs, newScale, "");
    }
    return scale(rs, newScale, newScale > old ? "up" : "down");
  }

  /** True if a call to {@link #scale} changed the size (the last one). */
  boolean scaled;

  private ReplicaSet scale(ReplicaSet rs, int newScale, String operation) {
    scaled = false;
    int old = ReplicaSets.specReplicas(rs);
    boolean sizeChanges = old != newScale;
    int desired = RolloutMath.replicas(d);
    int max = desired + RolloutMath.maxSurge(d);
    Map<String, String> annotations = rs.getMetadata().getAnnotations() == null ? Map.of() : rs.getMetadata().getAnnotations();
    boolean annotationsChange = !String.valueOf(desired).equals(annotations.get(ReplicaSets.DESIRED_REPLICAS))
        || !String.valueOf(max).equals(annotations.get(ReplicaSets.MAX_REPLICAS));
    if (!sizeChanges && !annotationsChange) {
      return rs;
    }
    ReplicaSet copy = new ReplicaSetBuilder(rs).build();
    copy.getSpec().setReplicas(newScale);
    Map<String, String> a = new LinkedHashMap<>(annotations);
    a.put(ReplicaSets.DESIRED_REPLICAS, String.valueOf(desired));
    a.put(ReplicaSets.MAX_REPLICAS, String.valueOf(max));
    copy.getMetadata().setAnnotations(a);
    ReplicaSet written = replicaSets.update(copy);
    if (sizeChanges) {
      scaled = true;
      event(EventType.NORMAL, "ScalingReplicaSet",
          "Scaled " + operation + " replica set " + rs.getMetadata().getName() + " from " + old + " to " + newScale);
    }
    return written;
  }

  /** Writes the status the ReplicaSets give, if it differs (a scaling or paused pass). */
  void syncStatus(List<ReplicaSet> all, ReplicaSet newRs) {
    DeploymentStatus status = DeploymentStatuses.calculate(all, newRs, d, nowString());
    if (DeploymentStatuses.same(d.getStatus(), status)) {
      return;
    }
    writeStatus(status);
  }

  /**
   * Writes the status of a rollout, with its Progressing condition (progressing, complete or timed
   * out) and a ReplicaFailure condition copied from a failing ReplicaSet, as upstream's
   * syncRolloutStatus. When nothing changed and a deadline is pending, asks to look again then.
   */
  void syncRolloutStatus(List<ReplicaSet> all, ReplicaSet newRs) {
    Instant now = now();
    String nowString = Timestamps.format(now);
    DeploymentStatus status = DeploymentStatuses.calculate(all, newRs, d, nowString);
    if (!DeploymentStatuses.hasProgressDeadline(d)) {
      DeploymentConditions.remove(status, DeploymentConditions.PROGRESSING);
    }
    DeploymentCondition current = DeploymentConditions.get(status, DeploymentConditions.PROGRESSING);
    boolean completeBefore = current != null && DeploymentConditions.NEW_RS_AVAILABLE.equals(current.getReason())
        && status.getReplicas() != null && status.getReplicas().equals(status.getUpdatedReplicas());
    if (DeploymentStatuses.hasProgressDeadline(d) && !completeBefore) {
      String name = newRs == null ? "" : newRs.getMetadata().getName();
      if (DeploymentStatuses.complete(d, status)) {
        DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "True",
            DeploymentConditions.NEW_RS_AVAILABLE, "ReplicaSet \"" + name + "\" has successfully progressed.", nowString));
      } else if (DeploymentStatuses.progressing(d, status)) {
        DeploymentCondition c = DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "True",
            DeploymentConditions.RS_UPDATED, "ReplicaSet \"" + name + "\" is progressing.", nowString);
        // Progress moves lastUpdateTime even when the reason stays, so the deadline restarts.
        if (current != null && "True".equals(current.getStatus())) {
          c.setLastTransitionTime(current.getLastTransitionTime());
        }
        DeploymentConditions.remove(status, DeploymentConditions.PROGRESSING);
        DeploymentConditions.set(status, c);
      } else if (DeploymentStatuses.timedOut(d, status, now)) {
        DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "False",
            DeploymentConditions.TIMED_OUT, "ReplicaSet \"" + name + "\" has timed out progressing.", nowString));
      }
    }
    ReplicaSetCondition failure = replicaFailure(all);
    if (failure != null) {
      DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.REPLICA_FAILURE, failure.getStatus(),
          failure.getReason(), failure.getMessage(), failure.getLastTransitionTime() == null ? nowString : failure.getLastTransitionTime()));
    } else {
      DeploymentConditions.remove(status, DeploymentConditions.REPLICA_FAILURE);
    }
    if (DeploymentStatuses.same(d.getStatus(), status)) {
      requeueAfter = DeploymentStatuses.untilDeadline(d, status, now);
      return;
    }
    writeStatus(status);
  }

  private static ReplicaSetCondition replicaFailure(List<ReplicaSet> all) {
    for (ReplicaSet rs : all) {
      if (rs == null || rs.getStatus() == null || rs.getStatus().getConditions() == null) {
        continue;
      }
      for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
        if ("ReplicaFailure".equals(c.getType())) {
          return c;
        }
      }
    }
    return null;
  }

  /**
   * Deletes the oldest ReplicaSets beyond revisionHistoryLimit that have no replicas and whose
   * status is current, as upstream's cleanupDeployment.
   */
  void cleanup(List<ReplicaSet> oldSets) {
    Integer limit = d.getSpec().getRevisionHistoryLimit();
    if (limit == null) {
      return;
    }
    List<ReplicaSet> cleanable = new ArrayList<>(oldSets.stream().filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
    int diff = cleanable.size() - limit;
    if (diff <= 0) {
      return;
    }
    cleanable.sort(ReplicaSets.BY_REVISION);
    for (int i = 0; i < diff; i++) {
      ReplicaSet rs = cleanable.get(i);
      long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
      long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null ? 0 : rs.getStatus().getObservedGeneration();
      if (ReplicaSets.statusReplicas(rs) != 0 || ReplicaSets.specReplicas(rs) != 0 || generation > observed) {
        continue;
      }
      try {
        replicaSets.delete(rs.getMetadata().getNamespace(), rs.getMetadata().getName(), rs.getMetadata().getUid());
      } catch (RuntimeException e) {
        if (!ApiErrors.isNotFound(e)) {
          throw e;
        }
      }
    }
  }
}
