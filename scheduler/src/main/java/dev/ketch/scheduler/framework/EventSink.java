package dev.ketch.scheduler.framework;

/**
 * Records Kubernetes Events about pods (what {@code kubectl describe pod} lists). Asynchronous and
 * best-effort: recording never blocks or fails the caller. Thread-safe.
 */
public interface EventSink {

  /** A Normal event. */
  void normal(PodInfo pod, String reason, String message);

  /** A Warning event. */
  void warning(PodInfo pod, String reason, String message);
}
