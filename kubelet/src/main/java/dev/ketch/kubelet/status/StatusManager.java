package dev.ketch.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes pod status to the API through {@code pods/status}, only when it changed, as upstream's
 * status manager: a status equal to the one the API shows (or to the one this manager last wrote,
 * while the cached pod has not moved past that write) is not sent. A write is a PUT with the
 * cached pod's resourceVersion; on a conflict the pod is read again and the kubelet's status put
 * on it, keeping conditions other components own; a pod that is gone, or that was replaced by
 * one with another uid, is not written. Terminal phases are never undone. The final step of a
 * graceful deletion, {@link #delete}, removes the pod with grace period 0 and its uid as
 * precondition.
 *
 * <p>Thread-safe: pod workers call it concurrently, never two for one pod. Blocks on the API.
 */
public final class StatusManager implements StatusWriter {

  private static final Logger log = LoggerFactory.getLogger(StatusManager.class);
  private static final int ATTEMPTS = 3;

  private record Written(PodStatus status, String resourceVersion) {}

  private final KubernetesClient client;
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  public StatusManager(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Writes {@code status} for {@code pod} (the kubelet's latest copy) if it differs from what the
   * API has.
   *
   * @return the pod as written, the same pod if nothing needed writing, or null if the pod no
   *     longer exists
   */
  @Override
  public Pod write(Pod pod, PodStatus status) {
    String uid = pod.getMetadata().getUid();
    if (!needsWrite(pod, status)) {
      return pod;
    }
    Pod target = pod;
    for (int attempt = 1; ; attempt++) {
      if (PodPhases.isTerminal(target.getStatus() == null ? null : target.getStatus().getPhase())
          && !Objects.equals(target.getStatus().getPhase(), status.getPhase())) {
        status.setPhase(target.getStatus().getPhase());
      }
      Pod copy = withStatus(target, status);
      try {
        Pod updated = client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(copy).subresource("status").update();
        written.put(uid, new Written(status, updated.getMetadata().getResourceVersion()));
        return updated;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return null;
        }
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw e;
        }
        Pod latest = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
        if (latest == null || !uid.equals(latest.getMetadata().getUid())) {
          return null;
        }
        status = keepOthersConditions(status, latest.getStatus());
        target = latest;
        log.debug("pod status conflict, retrying pod={}/{} attempt={}", pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(), attempt);
      }
    }
  }

  /** Whether {@code status} differs from what the API has, judged from the cached pod. */
  boolean needsWrite(Pod pod, PodStatus status) {
    Written last = written.get(pod.getMetadata().getUid());
    if (last != null && !newer(pod.getMetadata().getResourceVersion(), last.resourceVersion())) {
      // The cache has not seen past our own write yet: judge against what was written.
      return !last.status().equals(status);
    }
    return !status.equals(pod.getStatus());
  }

  /**
   * Deletes the pod for good (grace period 0, the pod's uid as precondition), the last step of a
   * graceful deletion once its containers are stopped.
   *
   * @return true if deleted or already gone
   */
  @Override
  public boolean delete(Pod pod) {
    String path = "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName();
    String body = "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":0,\"preconditions\":{\"uid\":\""
        + pod.getMetadata().getUid() + "\"}}";
    try {
      dev.ketch.kubelet.client.RawApi.send(client, "DELETE", path, body);
      forget(pod.getMetadata().getUid());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 409) {
        // Gone, or replaced by a pod with another uid: ours is gone either way.
        forget(pod.getMetadata().getUid());
        return true;
      }
      throw e;
    }
  }

  @Override
  public void forget(String uid) {
    written.remove(uid);
  }

  private static Pod withStatus(Pod pod, PodStatus status) {
    Pod copy = new Pod();
    copy.setApiVersion("v1");
    copy.setKind("Pod");
    copy.setMetadata(pod.getMetadata());
    copy.setSpec(pod.getSpec());
    copy.setStatus(status);
    return copy;
  }

  /** The kubelet's status with the latest pod's conditions of other owners in place of the old ones. */
  static PodStatus keepOthersConditions(PodStatus ours, PodStatus latest) {
    List<PodCondition> merged = new ArrayList<>();
    if (latest != null && latest.getConditions() != null) {
      latest.getConditions().stream().filter(c -> !PodConditions.OWNED.contains(c.getType())).forEach(merged::add);
    }
    if (ours.getConditions() != null) {
      ours.getConditions().stream().filter(c -> PodConditions.OWNED.contains(c.getType())).forEach(merged::add);
    }
    PodStatus copy = new io.fabric8.kubernetes.api.model.PodStatusBuilder(ours).build();
    copy.setConditions(merged);
    return copy;
  }

  /** Whether resourceVersion {@code a} is later than {@code b}; opaque versions compare as unequal. */
  private static boolean newer(String a, String b) {
    if (a == null || b == null) {
      return true;
    }
    try {
      return Long.parseLong(a) > Long.parseLong(b);
    } catch (NumberFormatException e) {
      return !a.equals(b);
    }
  }
}
