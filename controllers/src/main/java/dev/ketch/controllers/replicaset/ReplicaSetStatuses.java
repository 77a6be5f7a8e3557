package dev.ketch.controllers.replicaset;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A ReplicaSet's status computed from its pods, and written only when it changed. */
public final class ReplicaSetStatuses {

  public static final String REPLICA_FAILURE = "ReplicaFailure";

  private ReplicaSetStatuses() {}

  /**
   * The status {@code owned} gives {@code rs}; with a {@code failureReason}, a ReplicaFailure
   * condition (kept as it is while one exists), without, none. {@code observedGeneration} is left
   * as it was; {@link #update} sets it.
   */
  public static ReplicaSetStatus calculate(ReplicaSet rs, List<Pod> owned, String failureReason, String failureMessage, Instant now) {
    ReplicaSetStatus old = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
    Selector templateLabels = Selector.ofMap(rs.getSpec().getTemplate() == null || rs.getSpec().getTemplate().getMetadata() == null
        ? null : rs.getSpec().getTemplate().getMetadata().getLabels());
    int minReadySeconds = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
    int fullyLabeled = 0;
    int ready = 0;
    int available = 0;
    for (Pod p : owned) {
      if (templateLabels.matches(p.getMetadata().getLabels())) {
        fullyLabeled++;
      }
      if (Pods.isReady(p)) {
        ready++;
        if (Pods.isAvailable(p, minReadySeconds, now)) {
          available++;
        }
      }
    }
    List<ReplicaSetCondition> conditions = new ArrayList<>(old.getConditions() == null ? List.of() : old.getConditions());
    boolean hasFailure = conditions.stream().anyMatch(c -> REPLICA_FAILURE.equals(c.getType()));
    if (failureReason != null && !hasFailure) {
      conditions.add(new ReplicaSetCondition(Timestamps.format(now), failureMessage, failureReason, "True", REPLICA_FAILURE));
    } else if (failureReason == null && hasFailure) {
      conditions.removeIf(c -> REPLICA_FAILURE.equals(c.getType()));
    }
    ReplicaSetStatus status = new ReplicaSetStatus();
    status.setReplicas(owned.size());
    status.setFullyLabeledReplicas(fullyLabeled);
    status.setReadyReplicas(ready);
    status.setAvailableReplicas(available);
    status.setObservedGeneration(old.getObservedGeneration());
    status.setConditions(conditions.isEmpty() ? null : conditions);
    status.setTerminatingReplicas(old.getTerminatingReplicas());
    return status;
  }

  /**
   * Writes {@code status} with {@code observedGeneration} the cached generation, unless nothing
   * changed. On a conflict it reads the object again and retries once, as upstream; a second
   * failure is thrown.
   *
   * @return the ReplicaSet as written, or {@code rs} if nothing was written
   */
  public static ReplicaSet update(ResourceClient<ReplicaSet> client, ReplicaSet rs, ReplicaSetStatus status) {
    ReplicaSetStatus old = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
    Long generation = rs.getMetadata().getGeneration();
    if (same(old.getReplicas(), status.getReplicas()) && same(old.getFullyLabeledReplicas(), status.getFullyLabeledReplicas())
        && same(old.getReadyReplicas(), status.getReadyReplicas()) && same(old.getAvailableReplicas(), status.getAvailableReplicas())
        && Objects.equals(generation, old.getObservedGeneration())
        && Objects.equals(emptyToNull(old.getConditions()), emptyToNull(status.getConditions()))) {
      return rs;
    }
    status.setObservedGeneration(generation);
    ReplicaSet target = rs;
    for (int attempt = 0; ; attempt++) {
      ReplicaSet copy = new ReplicaSetBuilder(target).withStatus(status).build();
      try {
        return client.updateStatus(copy);
      } catch (RuntimeException e) {
        if (attempt >= 1 || !ApiErrors.isConflict(e)) {
          throw e;
        }
        target = client.get(rs.getMetadata().getNamespace(), rs.getMetadata().getName());
        if (target == null || !Objects.equals(target.getMetadata().getUid(), rs.getMetadata().getUid())) {
          return rs;
        }
      }
    }
  }

  private static boolean same(Integer a, Integer b) {
    return (a == null ? 0 : a) == (b == null ? 0 : b);
  }

  private static <T> List<T> emptyToNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
