package dev.ketch.kubelet;

import dev.ketch.kubelet.action.HandlerRunner;
import dev.ketch.kubelet.node.Pressure;
import dev.ketch.kubelet.objects.ObjectSource;
import dev.ketch.kubelet.runtime.ImageService;
import dev.ketch.kubelet.runtime.RuntimeService;
import dev.ketch.kubelet.runtime.simulated.SimulatedHandlerRunner;
import dev.ketch.kubelet.runtime.simulated.SimulatedRuntime;
import dev.ketch.kubelet.volume.CheckedVolumeManager;
import dev.ketch.kubelet.volume.VolumeManager;
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
}
