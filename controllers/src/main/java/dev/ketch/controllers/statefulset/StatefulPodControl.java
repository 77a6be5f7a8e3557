package dev.ketch.controllers.statefulset;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.Deletion;
import dev.ketch.controllers.objects.ResourceClient;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;

/**
 * The writes a StatefulSet makes to its pods and claims, each recorded as an event with
 * upstream's reasons and messages (StatefulPodControl): claims before the pod that mounts them,
 * identity labels put back, claims' owners kept to the retention policy.
 */
final class StatefulPodControl {

  private final ResourceClient<Pod> pods;
  private final ResourceClient<PersistentVolumeClaim> claims;
  private final ObjectCache<PersistentVolumeClaim> claimCache;
  private final EventRecorder recorder;

  StatefulPodControl(Cluster cluster, EventRecorder recorder) {
    this.pods = cluster.client(Pod.class);
    this.claims = cluster.client(PersistentVolumeClaim.class);
    this.claimCache = cluster.lister(PersistentVolumeClaim.class);
    this.recorder = recorder;
  }

  /** Creates the pod's missing claims, then the pod. An existing pod of that name is not an error. */
  void create(StatefulSet set, Pod pod, int ordinal) {
    createClaims(set, pod, ordinal);
    try {
      pods.create(pod);
      recorder.event(set, EventType.NORMAL, "SuccessfulCreate",
          "create Pod " + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " successful");
    } catch (KubernetesClientException e) {
      if (ApiErrors.isConflict(e)) {
        return;
      }
      recorder.event(set, EventType.WARNING, "FailedCreate", "create Pod " + pod.getMetadata().getName() + " in StatefulSet "
          + set.getMetadata().getName() + " failed error: " + message(e));
      throw e;
    }
  }

  private void createClaims(StatefulSet set, Pod pod, int ordinal) {
    for (PersistentVolumeClaim claim : StatefulPods.claims(set, ordinal)) {
      if (claimCache.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName()) != null) {
        continue;
      }
      claim.getMetadata().setOwnerReferences(StatefulPods.retentionOwners(set, null, false));
      try {
        claims.create(claim);
        recorder.event(set, EventType.NORMAL, "SuccessfulCreate", "create Claim " + claim.getMetadata().getName() + " Pod "
            + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " success");
      } catch (KubernetesClientException e) {
        if (ApiErrors.isConflict(e)) {
          continue;
        }
        recorder.event(set, EventType.WARNING, "FailedCreate", "create Claim " + claim.getMetadata().getName() + " for Pod "
            + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " failed error: " + message(e));
        throw e;
      }
    }
  }

  /** Deletes the pod (that uid only). */
  void delete(StatefulSet set, Pod pod) {
    try {
      pods.delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), Deletion.ofUid(pod.getMetadata().getUid()));
      recorder.event(set, EventType.NORMAL, "SuccessfulDelete",
          "delete Pod " + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " successful");
    } catch (KubernetesClientException e) {
      recorder.event(set, EventType.WARNING, "FailedDelete", "delete Pod " + pod.getMetadata().getName() + " in StatefulSet "
          + set.getMetadata().getName() + " failed error: " + message(e));
      throw e;
    }
  }

  /** Puts back the pod's identity labels and creates any claim it is missing. */
  void restoreIdentity(StatefulSet set, Pod pod) {
    createClaims(set, pod, StatefulPods.ordinal(pod));
    if (StatefulPods.identityMatches(set, pod)) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    try {
      pods.edit(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          fresh -> Objects.equals(fresh.getMetadata().getUid(), uid) ? StatefulPods.withIdentityLabels(fresh) : null);
      recorder.event(set, EventType.NORMAL, "SuccessfulUpdate",
          "update Pod " + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " successful");
    } catch (KubernetesClientException e) {
      recorder.event(set, EventType.WARNING, "FailedUpdate", "update Pod " + pod.getMetadata().getName() + " in StatefulSet "
          + set.getMetadata().getName() + " failed error: " + message(e));
      throw e;
    }
  }

  /** Makes the owners of the pod's claims what the retention policy wants. */
  void applyRetention(StatefulSet set, Pod pod, boolean condemned) {
    int ordinal = StatefulPods.ordinal(pod);
    List<PersistentVolumeClaim> wanted = StatefulPods.claims(set, ordinal);
    for (PersistentVolumeClaim w : wanted) {
      PersistentVolumeClaim cached = claimCache.get(w.getMetadata().getNamespace(), w.getMetadata().getName());
      if (cached == null || StatefulPods.retentionUpdate(cached, set, pod, condemned) == null) {
        continue;
      }
      claims.edit(cached.getMetadata().getNamespace(), cached.getMetadata().getName(), fresh -> {
        var refs = StatefulPods.retentionUpdate(fresh, set, pod, condemned);
        if (refs == null) {
          return null;
        }
        fresh.getMetadata().setOwnerReferences(refs);
        return fresh;
      });
    }
  }

  static String message(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
  }
}
