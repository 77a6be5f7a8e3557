package dev.ketch.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where a kubelet learns of the pods bound to its node: an informer on pods with {@code
 * spec.nodeName=<node>}, or one informer shared by many simulated nodes. Handlers are called on
 * the informer's thread, one event at a time; they must only hand the work on.
 */
public interface PodSource {

  /** What a kubelet is told. */
  interface Handler {
    void added(Pod pod);

    void updated(Pod pod);

    void deleted(Pod pod);
  }

  /** Starts telling {@code handler} about the pods of {@code nodeName}, the ones known first. */
  void subscribe(String nodeName, Handler handler);

  void unsubscribe(String nodeName);

  /** Whether the first full list has been delivered. */
  boolean hasSynced();
}
