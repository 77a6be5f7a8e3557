package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.action.HandlerRunner;
import dev.ketch.kubelet.env.EnvironmentBuilder;
import dev.ketch.kubelet.events.EventRecorder;
import dev.ketch.kubelet.runtime.ImageService;
import dev.ketch.kubelet.runtime.RuntimeService;
import dev.ketch.kubelet.volume.VolumeManager;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What pod syncing works with: the runtime seam, the node's facts, and the kubelet's shared
 * back-off tables.
 *
 * @param hostIp the node's primary address, the pods' hostIP
 * @param allocatable the node's allocatable resources (limits of containers that set none)
 * @param clusterDns the cluster DNS servers for ClusterFirst pods (empty: the host's resolver)
 * @param rootDir the kubelet's root directory, e.g. {@code /var/lib/kubelet}
 * @param logDir where pod logs go, e.g. {@code /var/log/pods}
 * @param containerBackOff restart back-off per container (10 s doubling to 5 min by default)
 * @param imageBackOff pull back-off per pod and image
 */
public record SyncContext(
    RuntimeService runtime,
    ImageService images,
    HandlerRunner handlers,
    VolumeManager volumes,
    EnvironmentBuilder environment,
    EventRecorder events,
    Clock clock,
    String hostIp,
    Map<String, Quantity> allocatable,
    List<String> clusterDns,
    String clusterDomain,
    String rootDir,
    String logDir,
    BackOff containerBackOff,
    BackOff imageBackOff) {

  public SyncContext {
    allocatable = Map.copyOf(allocatable);
    clusterDns = List.copyOf(clusterDns);
  }
}
