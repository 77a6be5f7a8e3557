package dev.ketch.controllers.pods;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.objects.Deletion;
import dev.ketch.controllers.objects.ResourceClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Creates and deletes a controller's pods, recording each outcome on the controller as upstream's
 * RealPodControl does: {@code SuccessfulCreate} "Created pod: NAME", {@code FailedCreate}
 * "Error creating: …", {@code SuccessfulDelete} "Deleted pod: NAME", {@code FailedDelete}
 * "Error deleting: …". Thread-safe.
 */
public final class PodControl {

  private final ResourceClient<Pod> pods;
  private final EventRecorder recorder;

  public PodControl(ResourceClient<Pod> pods, EventRecorder recorder) {
    this.pods = pods;
    this.recorder = recorder;
  }

  /** Creates {@code pod} for {@code controller}; the pod as created. */
  public Pod create(Pod pod, HasMetadata controller) {
    try {
      Pod created = pods.create(pod);
      recorder.event(controller, EventType.NORMAL, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
      return created;
    } catch (KubernetesClientException e) {
      recorder.event(controller, EventType.WARNING, "FailedCreate", "Error creating: " + message(e));
      throw e;
    }
  }

  /**
   * Deletes {@code pod} (that uid only) for {@code controller}.
   *
   * @return false if it was already gone
   */
  public boolean delete(Pod pod, HasMetadata controller) {
    try {
      boolean deleted = pods.delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          Deletion.ofUid(pod.getMetadata().getUid()));
      if (deleted) {
        recorder.event(controller, EventType.NORMAL, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
      }
      return deleted;
    } catch (KubernetesClientException e) {
      if (ApiErrors.isConflict(e)) {
        // Another pod of that name now: the one meant is gone.
        return false;
      }
      recorder.event(controller, EventType.WARNING, "FailedDelete", "Error deleting: " + message(e));
      throw e;
    }
  }

  /** The API's message of a failure, else the client's. */
  public static String message(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
  }
}
