package dev.ketch.kubelet.action;

import java.util.Map;

/**
 * The container a handler acts on.
 *
 * @param podAnnotations the pod's annotations (a simulated runtime reads its behaviour there)
 * @param containerId the runtime's ID of the running instance
 */
public record HandlerTarget(String podNamespace, String podName, String podUid, Map<String, String> podAnnotations,
    String containerName, String containerId) {

  public HandlerTarget {
    podAnnotations = Map.copyOf(podAnnotations);
  }
}
