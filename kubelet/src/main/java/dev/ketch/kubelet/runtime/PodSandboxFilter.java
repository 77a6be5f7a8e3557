package dev.ketch.kubelet.runtime;

import java.util.Map;

/**
 * Which sandboxes {@link RuntimeService#listPodSandboxes} returns: those whose labels include
 * every entry of {@code labelSelector}, and in {@code state} unless it is null.
 */
public record PodSandboxFilter(Map<String, String> labelSelector, PodSandboxState state) {

  public PodSandboxFilter {
    labelSelector = Map.copyOf(labelSelector);
  }

  public static PodSandboxFilter all() {
    return new PodSandboxFilter(Map.of(), null);
  }

  /** The sandboxes of the pods bound to node {@code nodeName}. */
  public static PodSandboxFilter ofNode(String nodeName) {
    return new PodSandboxFilter(Map.of(CriLabels.NODE_NAME, nodeName), null);
  }

  public static PodSandboxFilter ofPod(String podUid) {
    return new PodSandboxFilter(Map.of(CriLabels.POD_UID, podUid), null);
  }

  public boolean matches(PodSandboxStatus s) {
    return (state == null || s.state() == state) && s.labels().entrySet().containsAll(labelSelector.entrySet());
  }
}
