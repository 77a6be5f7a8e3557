package dev.ketch.kubelet;

import dev.ketch.kubelet.action.HandlerRunner;
import dev.ketch.kubelet.action.HostHandlerRunner;
import dev.ketch.kubelet.node.Pressure;
import dev.ketch.kubelet.objects.ObjectSource;
import dev.ketch.kubelet.runtime.ImageService;
import dev.ketch.kubelet.runtime.RuntimeService;
import dev.ketch.kubelet.runtime.process.ProcessRuntime;
import dev.ketch.kubelet.runtime.simulated.SimulatedHandlerRunner;
import dev.ketch.kubelet.runtime.simulated.SimulatedRuntime;
import dev.ketch.kubelet.volume.CheckedVolumeManager;
import dev.ketch.kubelet.volume.VolumeManager;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * The machine-facing parts of one node: the container runtime and its images, how probes and hooks
 * reach containers, how volumes are prepared, and how resource pressure is measured. A real node
 * has containerd (or processes) here; a simulated node has a {@link SimulatedRuntime}.
 *
 * @param volumes makes the volume manager from the API's objects and the kubelet's root directory
 */
public record NodeRuntime(
    RuntimeService runtime,
    ImageService images,
    HandlerRunner handlers,
    BiFunction<ObjectSource, String, VolumeManager> volumes,
    Pressure pressure) {

  /** A simulated node: no processes, no files, never under pressure. */
  public static NodeRuntime simulated(SimulatedRuntime runtime) {
    return new NodeRuntime(runtime, runtime, new SimulatedHandlerRunner(runtime), CheckedVolumeManager::new, Pressure.none());
  }

  /**
   * A node whose containers are host processes: probes and hooks reach them from the agent (HTTP
   * and TCP on the host's address, exec beside them); volume sources are checked, and their
   * directories made by the runtime. The handler runner holds an HTTP client; it lives as long as
   * the process.
   */
  public static NodeRuntime process(ProcessRuntime runtime, Path rootDir) {
    return new NodeRuntime(runtime, runtime, new HostHandlerRunner(runtime), CheckedVolumeManager::new,
        Pressure.machine(rootDir));
  }
}
