package dev.ketch.kubelet.runtime;

import java.util.Map;

/**
 * Which containers {@link RuntimeService#listContainers} returns: of {@code podSandboxId} unless
 * null, in {@code state} unless null, whose labels include every entry of {@code labelSelector}.
 */
public record ContainerFilter(String podSandboxId, ContainerState state, Map<String, String> labelSelector) {

  public ContainerFilter {
    labelSelector = Map.copyOf(labelSelector);
  }

  public static ContainerFilter all() {
    return new ContainerFilter(null, null, Map.of());
  }

  /** The containers of the pods bound to node {@code nodeName}. */
  public static ContainerFilter ofNode(String nodeName) {
    return new ContainerFilter(null, null, Map.of(CriLabels.NODE_NAME, nodeName));
  }

  public static ContainerFilter ofPod(String podUid) {
    return new ContainerFilter(null, null, Map.of(CriLabels.POD_UID, podUid));
  }

  public boolean matches(String sandboxId, ContainerState s, Map<String, String> labels) {
    return (podSandboxId == null || podSandboxId.equals(sandboxId))
        && (state == null || state == s)
        && labels.entrySet().containsAll(labelSelector.entrySet());
  }
}
