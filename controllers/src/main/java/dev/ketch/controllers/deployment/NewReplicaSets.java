package dev.ketch.controllers.deployment;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.ownership.ControllerRefs;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds, or creates, a Deployment's new ReplicaSet (the one whose template is the Deployment's)
 * and keeps revisions in step, as upstream's getAllReplicaSetsAndSyncRevision: the new ReplicaSet
 * gets revision max(old)+1 — an old ReplicaSet brought back by a rollback keeps its former
 * revisions in {@code revision-history} — and the Deployment carries the new ReplicaSet's revision.
 */
final class NewReplicaSets {

  /** The new ReplicaSet (null if none and none was to be created) and all the others. */
  record Found(ReplicaSet newRs, List<ReplicaSet> old) {}

  static final int MAX_REVISION_HISTORY_CHARS = 2000;

  private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration", ReplicaSets.REVISION,
      ReplicaSets.REVISION_HISTORY, ReplicaSets.DESIRED_REPLICAS, ReplicaSets.MAX_REPLICAS, "deprecated.deployment.rollback.to");

  private final ObjectCache<ReplicaSet> cache;

  NewReplicaSets(ObjectCache<ReplicaSet> cache) {
    this.cache = cache;
  }

  /**
   * The new ReplicaSet among {@code owned} (revision and annotations brought up to date, which
   * replaces it in {@code owned}), created if missing and {@code create}; and the others.
   */
  Found find(DeploymentSync sync, List<ReplicaSet> owned, boolean create) {
    Deployment d = sync.d;
    ReplicaSet existing = ReplicaSets.findNew(d, owned);
    List<ReplicaSet> old = ReplicaSets.allOld(owned, existing);
    String newRevision = Long.toString(ReplicaSets.maxRevision(old) + 1);
    if (existing != null) {
      ReplicaSet synced = syncExisting(sync, existing, newRevision);
      // Later steps of this pass see what was written.
      owned.replaceAll(rs -> rs == existing ? synced : rs);
      return new Found(synced, old);
    }
    if (!create) {
      return new Found(null, old);
    }
    return new Found(createNew(sync, old, newRevision), old);
  }

  private ReplicaSet syncExisting(DeploymentSync sync, ReplicaSet existing, String newRevision) {
    Deployment d = sync.d;
    ReplicaSet copy = new ReplicaSetBuilder(existing).build();
    boolean annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    int minReady = RolloutMath.minReadySeconds(d);
    int rsMinReady = copy.getSpec().getMinReadySeconds() == null ? 0 : copy.getSpec().getMinReadySeconds();
    if (annotationsChanged || minReady != rsMinReady) {
      copy.getSpec().setMinReadySeconds(minReady);
      // The Deployment's revision follows once this update is seen.
      return sync.replicaSets().update(copy);
    }
    boolean needsUpdate = setDeploymentRevision(d, revisionOf(copy));
    if (DeploymentStatuses.hasProgressDeadline(d) && DeploymentConditions.get(sync.status(), DeploymentConditions.PROGRESSING) == null) {
      DeploymentConditions.set(sync.status(), DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "True",
          DeploymentConditions.FOUND_NEW_RS, "Found new replica set \"" + copy.getMetadata().getName() + "\"", sync.nowString()));
      needsUpdate = true;
    }
    if (needsUpdate) {
      sync.writeStatus();
    }
    return copy;
  }

  private ReplicaSet createNew(DeploymentSync sync, List<ReplicaSet> old, String newRevision) {
    Deployment d = sync.d;
    PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate()).build();
    String hash = TemplateHash.compute(template, d.getStatus() == null ? null : d.getStatus().getCollisionCount());
    Map<String, String> labels = TemplateHash.withHashLabel(template.getMetadata() == null ? null : template.getMetadata().getLabels(), hash);
    if (template.getMetadata() == null) {
      template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    template.getMetadata().setLabels(labels);
    LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector()).build();
    Map<String, String> matchLabels = new LinkedHashMap<>(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels());
    matchLabels.put(TemplateHash.LABEL, hash);
    selector.setMatchLabels(matchLabels);
    OwnerReference ref = ControllerRefs.newControllerRef(d, "apps/v1", "Deployment");
    String name = d.getMetadata().getName() + "-" + hash;
    ReplicaSet rs = new ReplicaSetBuilder()
        .withNewMetadata().withName(name).withNamespace(d.getMetadata().getNamespace()).withOwnerReferences(ref)
        .withLabels(new LinkedHashMap<>(labels)).endMetadata()
        .withNewSpec().withReplicas(0).withMinReadySeconds(RolloutMath.minReadySeconds(d)).withSelector(selector)
        .withTemplate(template).endSpec()
        .build();
    int replicas = RolloutMath.newRsNewReplicas(d, ReplicaSets.withNew(old, rs), rs);
    rs.getSpec().setReplicas(replicas);
    setNewReplicaSetAnnotations(d, rs, newRevision, false);
    ReplicaSet created;
    boolean alreadyExisted = false;
    try {
      created = sync.replicaSets().create(rs);
    } catch (RuntimeException e) {
      if (ApiErrors.isAlreadyExists(e)) {
        ReplicaSet found = cache.get(rs.getMetadata().getNamespace(), name);
        OwnerReference owner = found == null ? null : ControllerRefs.controllerOf(found);
        if (found != null && owner != null && Objects.equals(owner.getUid(), d.getMetadata().getUid())
            && TemplateHash.equalIgnoringHash(d.getSpec().getTemplate(), found.getSpec().getTemplate())) {
          created = found;
          alreadyExisted = true;
        } else {
          // A different ReplicaSet has this name: hash again with a higher collision count.
          int count = sync.status().getCollisionCount() == null ? 0 : sync.status().getCollisionCount();
          sync.status().setCollisionCount(count + 1);
          sync.writeStatus();
          throw e;
        }
      } else if (ApiErrors.isNamespaceTerminating(e)) {
        throw e;
      } else {
        String message = "Failed to create new replica set \"" + name + "\": " + ApiErrors.message(e);
        if (DeploymentStatuses.hasProgressDeadline(d)) {
          DeploymentConditions.set(sync.status(), DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "False",
              DeploymentConditions.FAILED_RS_CREATE, message, sync.nowString()));
          try {
            sync.writeStatus();
          } catch (RuntimeException ignored) {
            // The create error is what matters; the condition is written on the next pass.
          }
        }
        sync.event(EventType.WARNING, DeploymentConditions.FAILED_RS_CREATE, message);
        throw e;
      }
    }
    if (!alreadyExisted && replicas > 0) {
      sync.event(EventType.NORMAL, "ScalingReplicaSet", "Scaled up replica set " + name + " from 0 to " + replicas);
    }
    boolean needsUpdate = setDeploymentRevision(sync.d, newRevision);
    if (!alreadyExisted && DeploymentStatuses.hasProgressDeadline(sync.d)) {
      DeploymentConditions.set(sync.status(), DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "True",
          DeploymentConditions.NEW_RS_CREATED, "Created new replica set \"" + name + "\"", sync.nowString()));
      needsUpdate = true;
    }
    if (needsUpdate) {
      sync.writeStatus();
    }
    return created;
  }

  private static String revisionOf(ReplicaSet rs) {
    Map<String, String> a = rs.getMetadata().getAnnotations();
    return a == null ? null : a.get(ReplicaSets.REVISION);
  }

  /** Sets the Deployment's revision annotation; true if it changed. */
  static boolean setDeploymentRevision(Deployment d, String revision) {
    if (revision == null) {
      return false;
    }
    Map<String, String> a = d.getMetadata().getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(d.getMetadata().getAnnotations());
    if (revision.equals(a.get(ReplicaSets.REVISION))) {
      return false;
    }
    a.put(ReplicaSets.REVISION, revision);
    d.getMetadata().setAnnotations(a);
    return true;
  }

  /**
   * Copies the Deployment's annotations to {@code rs} and raises its revision to {@code
   * newRevision}, keeping a replaced revision in {@code revision-history}; for a ReplicaSet about to
   * be created, also the replica annotations. True if anything changed.
   */
  static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, String newRevision, boolean exists) {
    Map<String, String> a = rs.getMetadata().getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(rs.getMetadata().getAnnotations());
    boolean changed = false;
    if (d.getMetadata().getAnnotations() != null) {
      for (var e : d.getMetadata().getAnnotations().entrySet()) {
        if (NOT_COPIED.contains(e.getKey()) || Objects.equals(a.get(e.getKey()), e.getValue())) {
          continue;
        }
        a.put(e.getKey(), e.getValue());
        changed = true;
      }
    }
    String oldRevision = a.get(ReplicaSets.REVISION);
    long oldValue;
    try {
      oldValue = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
    } catch (NumberFormatException e) {
      rs.getMetadata().setAnnotations(a);
      return changed;
    }
    long newValue = Long.parseLong(newRevision);
    if (oldValue < newValue) {
      a.put(ReplicaSets.REVISION, newRevision);
      changed = true;
      if (oldRevision != null && !oldRevision.isEmpty()) {
        String history = a.getOrDefault(ReplicaSets.REVISION_HISTORY, "");
        if (history.isEmpty()) {
          a.put(ReplicaSets.REVISION_HISTORY, oldRevision);
        } else {
          java.util.List<String> revisions = new java.util.ArrayList<>(List.of(history.split(",")));
          int total = history.length() + oldRevision.length() + 1;
          while (total > MAX_REVISION_HISTORY_CHARS && !revisions.isEmpty()) {
            total -= revisions.removeFirst().length() + 1;
          }
          revisions.add(oldRevision);
          a.put(ReplicaSets.REVISION_HISTORY, String.join(",", revisions));
        }
      }
    }
    if (!exists) {
      int desired = RolloutMath.replicas(d);
      int max = desired + RolloutMath.maxSurge(d);
      if (!String.valueOf(desired).equals(a.get(ReplicaSets.DESIRED_REPLICAS)) || !String.valueOf(max).equals(a.get(ReplicaSets.MAX_REPLICAS))) {
        a.put(ReplicaSets.DESIRED_REPLICAS, String.valueOf(desired));
        a.put(ReplicaSets.MAX_REPLICAS, String.valueOf(max));
        changed = true;
      }
    }
    rs.getMetadata().setAnnotations(a);
    return changed;
  }
}
