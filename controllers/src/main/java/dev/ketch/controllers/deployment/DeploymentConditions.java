package dev.ketch.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A Deployment's conditions, with upstream's types and reasons. */
final class DeploymentConditions {

  static final String AVAILABLE = "Available";
  static final String PROGRESSING = "Progressing";
  static final String REPLICA_FAILURE = "ReplicaFailure";

  static final String NEW_RS_CREATED = "NewReplicaSetCreated";
  static final String FOUND_NEW_RS = "FoundNewReplicaSet";
  static final String RS_UPDATED = "ReplicaSetUpdated";
  static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
  static final String TIMED_OUT = "ProgressDeadlineExceeded";
  static final String PAUSED = "DeploymentPaused";
  static final String RESUMED = "DeploymentResumed";
  static final String FAILED_RS_CREATE = "ReplicaSetCreateError";
  static final String MINIMUM_AVAILABLE = "MinimumReplicasAvailable";
  static final String MINIMUM_UNAVAILABLE = "MinimumReplicasUnavailable";

  private DeploymentConditions() {}

  static DeploymentCondition get(DeploymentStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return null;
    }
    for (DeploymentCondition c : status.getConditions()) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  static DeploymentCondition condition(String type, String status, String reason, String message, String now) {
    return new DeploymentCondition(now, now, message, reason, status, type);
  }

  /**
   * Sets {@code condition}, as upstream's SetDeploymentCondition: a condition with the same status
   * and reason changes nothing; with the same status, the lastTransitionTime is kept.
   */
  static void set(DeploymentStatus status, DeploymentCondition condition) {
    DeploymentCondition current = get(status, condition.getType());
    if (current != null && Objects.equals(current.getStatus(), condition.getStatus())
        && Objects.equals(current.getReason(), condition.getReason())) {
      return;
    }
    if (current != null && Objects.equals(current.getStatus(), condition.getStatus())) {
      condition.setLastTransitionTime(current.getLastTransitionTime());
    }
    List<DeploymentCondition> others = new ArrayList<>();
    if (status.getConditions() != null) {
      for (DeploymentCondition c : status.getConditions()) {
        if (!condition.getType().equals(c.getType())) {
          others.add(c);
        }
      }
    }
    others.add(condition);
    status.setConditions(others);
  }

  static void remove(DeploymentStatus status, String type) {
    if (status.getConditions() != null) {
      List<DeploymentCondition> kept = new ArrayList<>(status.getConditions());
      kept.removeIf(c -> type.equals(c.getType()));
      status.setConditions(kept);
    }
  }
}
