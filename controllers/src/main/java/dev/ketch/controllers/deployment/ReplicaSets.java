package dev.ketch.controllers.deployment;

import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the Deployment controller reads from lists of ReplicaSets, as upstream's deployment util. */
final class ReplicaSets {

  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

  /** Oldest first; ties by name. */
  static final Comparator<ReplicaSet> BY_CREATION = Comparator
      .comparing((ReplicaSet rs) -> created(rs))
      .thenComparing(rs -> rs.getMetadata().getName());

  /** Lowest revision first; ties by creation. */
  static final Comparator<ReplicaSet> BY_REVISION = Comparator.comparingLong(ReplicaSets::revision).thenComparing(BY_CREATION);

  private ReplicaSets() {}

  static Instant created(ReplicaSet rs) {
    Instant t = Timestamps.parse(rs.getMetadata().getCreationTimestamp());
    return t == null ? Instant.EPOCH : t;
  }

  static int specReplicas(ReplicaSet rs) {
    return rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
  }

  static int statusReplicas(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
  }

  static int readyReplicas(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
  }

  static int availableReplicas(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0 : rs.getStatus().getAvailableReplicas();
  }

  /** The revision annotation, 0 when absent or unreadable. */
  static long revision(ReplicaSet rs) {
    Map<String, String> a = rs.getMetadata().getAnnotations();
    String v = a == null ? null : a.get(REVISION);
    if (v == null) {
      return 0;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static long maxRevision(List<ReplicaSet> sets) {
    long max = 0;
    for (ReplicaSet rs : sets) {
      max = Math.max(max, revision(rs));
    }
    return max;
  }

  /** Sum of spec.replicas. */
  static int replicaCount(List<ReplicaSet> sets) {
    int n = 0;
    for (ReplicaSet rs : sets) {
      if (rs != null) {
        n += specReplicas(rs);
      }
    }
    return n;
  }

  /** Sum of status.replicas. */
  static int actualReplicaCount(List<ReplicaSet> sets) {
    int n = 0;
    for (ReplicaSet rs : sets) {
      if (rs != null) {
        n += statusReplicas(rs);
      }
    }
    return n;
  }

  static int readyReplicaCount(List<ReplicaSet> sets) {
    int n = 0;
    for (ReplicaSet rs : sets) {
      if (rs != null) {
        n += readyReplicas(rs);
      }
    }
    return n;
  }

  static int availableReplicaCount(List<ReplicaSet> sets) {
    int n = 0;
    for (ReplicaSet rs : sets) {
      if (rs != null) {
        n += availableReplicas(rs);
      }
    }
    return n;
  }

  /** The ReplicaSets with spec.replicas above zero (nulls dropped). */
  static List<ReplicaSet> active(List<ReplicaSet> sets) {
    return sets.stream().filter(Objects::nonNull).filter(rs -> specReplicas(rs) > 0).toList();
  }

  /** The oldest ReplicaSet whose template equals the Deployment's (ignoring the hash), or null. */
  static ReplicaSet findNew(Deployment d, List<ReplicaSet> sets) {
    List<ReplicaSet> sorted = new ArrayList<>(sets);
    sorted.sort(BY_CREATION);
    for (ReplicaSet rs : sorted) {
      if (TemplateHash.equalIgnoringHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate())) {
        return rs;
      }
    }
    return null;
  }

  /** Every ReplicaSet but {@code newRs}. */
  static List<ReplicaSet> allOld(List<ReplicaSet> sets, ReplicaSet newRs) {
    return sets.stream().filter(rs -> newRs == null || !Objects.equals(rs.getMetadata().getUid(), newRs.getMetadata().getUid())).toList();
  }

  /** {@code old} plus {@code newRs} when there is one. */
  static List<ReplicaSet> withNew(List<ReplicaSet> old, ReplicaSet newRs) {
    List<ReplicaSet> all = new ArrayList<>(old);
    if (newRs != null) {
      all.add(newRs);
    }
    return all;
  }

  /** The integer annotation {@code key}, or null when absent or unreadable. */
  static Integer intAnnotation(ReplicaSet rs, String key) {
    Map<String, String> a = rs.getMetadata().getAnnotations();
    String v = a == null ? null : a.get(key);
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
