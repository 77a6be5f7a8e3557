package dev.ketch.scheduler.framework;

/** A pod held by a Permit plugin. Thread-safe: any thread may allow or reject it. */
public interface WaitingPod {

  PodInfo pod();

  /** The plugin {@code pluginName} lets the pod go; it binds once every holding plugin allowed it. */
  void allow(String pluginName);

  /** Rejects the pod: it goes back to the queue as unschedulable with {@code message}. */
  void reject(String pluginName, String message);
}
