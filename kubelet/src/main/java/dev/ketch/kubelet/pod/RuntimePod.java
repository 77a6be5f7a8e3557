package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.ContainerStatusInfo;
import dev.ketch.kubelet.runtime.ContainerSummary;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.runtime.RuntimeService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the runtime holds for one pod at one moment: its sandboxes, newest first, and every
 * instance of each of its containers, newest first. Immutable.
 */
public record RuntimePod(String uid, List<PodSandboxStatus> sandboxes, Map<String, List<ContainerStatusInfo>> containers) {

  public RuntimePod {
    sandboxes = List.copyOf(sandboxes);
    Map<String, List<ContainerStatusInfo>> copy = new LinkedHashMap<>();
    containers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    containers = Map.copyOf(copy);
  }

  public static RuntimePod empty(String uid) {
    return new RuntimePod(uid, List.of(), Map.of());
  }

  /** Reads the pod's sandboxes and containers (with full status) from the runtime. */
  public static RuntimePod load(RuntimeService runtime, String uid) {
    List<PodSandboxStatus> sandboxes = new ArrayList<>(runtime.listPodSandboxes(PodSandboxFilter.ofPod(uid)));
    sandboxes.sort(Comparator.comparing(PodSandboxStatus::createdAt).thenComparing(s -> s.metadata().attempt()).reversed());
    Map<String, List<ContainerStatusInfo>> byName = new LinkedHashMap<>();
    for (ContainerSummary c : runtime.listContainers(ContainerFilter.ofPod(uid))) {
      ContainerStatusInfo status;
      try {
        status = runtime.containerStatus(c.id());
      } catch (ContainerRuntimeException e) {
        if (e.isNotFound()) {
          continue; // removed between the list and the status
        }
        throw e;
      }
      byName.computeIfAbsent(status.labels().getOrDefault(CriLabels.CONTAINER_NAME, c.metadata().name()), k -> new ArrayList<>())
          .add(status);
    }
    Comparator<ContainerStatusInfo> newestFirst =
        Comparator.comparing(ContainerStatusInfo::createdAt).thenComparing(ContainerStatusInfo::restartCount).reversed();
    byName.values().forEach(l -> l.sort(newestFirst));
    return new RuntimePod(uid, sandboxes, byName);
  }

  /** The newest sandbox if it is ready, else null. */
  public PodSandboxStatus readySandbox() {
    return !sandboxes.isEmpty() && sandboxes.getFirst().ready() ? sandboxes.getFirst() : null;
  }

  /** The newest instance of the named container, or null if it never ran. */
  public ContainerStatusInfo latest(String name) {
    List<ContainerStatusInfo> l = containers.get(name);
    return l == null || l.isEmpty() ? null : l.getFirst();
  }

  /** The instance before the newest, or null. */
  public ContainerStatusInfo previous(String name) {
    List<ContainerStatusInfo> l = containers.get(name);
    return l == null || l.size() < 2 ? null : l.get(1);
  }

  public List<ContainerStatusInfo> all() {
    List<ContainerStatusInfo> out = new ArrayList<>();
    containers.values().forEach(out::addAll);
    return out;
  }

  public boolean isEmpty() {
    return sandboxes.isEmpty() && containers.isEmpty();
  }
}
