package dev.ketch.kubelet.events;

import io.fabric8.kubernetes.api.model.ObjectReference;

/**
 * Records core/v1 Events about pods, containers and the node, with upstream's reasons (Pulled,
 * Created, Started, Killing, BackOff, Unhealthy, FailedMount, …).
 *
 * <p>Thread-safety: safe for concurrent use; never blocks on the API (events are best effort and
 * may be dropped when too many wait).
 */
public interface EventRecorder {

  void event(ObjectReference involved, EventType type, String reason, String message);

  /** Records nothing. */
  static EventRecorder discarding() {
    return (involved, type, reason, message) -> {};
  }
}
