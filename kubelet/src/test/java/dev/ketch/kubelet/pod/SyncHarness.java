package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.action.HandlerRunner;
import dev.ketch.kubelet.env.EnvironmentBuilder;
import dev.ketch.kubelet.runtime.ContainerStatusInfo;
import dev.ketch.kubelet.runtime.simulated.SimulatedHandlerRunner;
import dev.ketch.kubelet.runtime.simulated.SimulatedRuntime;
import dev.ketch.kubelet.testing.FakeClock;
import dev.ketch.kubelet.testing.InMemoryObjects;
import dev.ketch.kubelet.testing.RecordingEvents;
import dev.ketch.kubelet.volume.CheckedVolumeManager;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A pod syncer over a simulated runtime, a fake clock and in-memory objects, with the API's part
 * played by the harness: each sync's status is put on the pod, as the API would store it, so the
 * next sync sees it. No threads, no timers: the test calls {@link #sync} and moves the clock.
 */
final class SyncHarness {

  final FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
  final SimulatedRuntime runtime = new SimulatedRuntime(clock, "10.64.0.0/24");
  final RecordingEvents events = new RecordingEvents();
  final InMemoryObjects objects = new InMemoryObjects();
  PodSyncer syncer;
  PodState state;
  Pod pod;
  PodSyncer.Outcome last;

  private final HandlerRunner handlers;

  SyncHarness(Pod pod) {
    this(pod, null);
  }

  /** With probes and hooks answered by {@code handlers} instead of the simulated runtime. */
  SyncHarness(Pod pod, HandlerRunner handlers) {
    this.pod = pod;
    this.handlers = handlers;
    restartKubelet();
  }

  /** Syncs once and stores the status on the pod, as the status manager would. */
  PodSyncer.Outcome sync() {
    last = syncer.sync(pod, state);
    pod = new PodBuilder(pod).withStatus(last.status()).build();
    return last;
  }

  /** Syncs until nothing changes in the runtime or status (at most 10 times), without moving time. */
  PodSyncer.Outcome settle() {
    for (int i = 0; i < 10; i++) {
      var before = pod.getStatus();
      int[] sizeBefore = runtime.size();
      sync();
      if (pod.getStatus().equals(before) && java.util.Arrays.equals(sizeBefore, runtime.size())) {
        break;
      }
    }
    return last;
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  void advanceSeconds(long s) {
    clock.advanceSeconds(s);
  }

  /** A new kubelet over the same runtime: fresh in-memory state and back-offs, as after a restart. */
  void restartKubelet() {
    HandlerRunner runner = handlers != null ? handlers : new SimulatedHandlerRunner(runtime);
    SyncContext ctx = new SyncContext(runtime, runtime, runner,
        new CheckedVolumeManager(objects, "/var/lib/kubelet"), new EnvironmentBuilder(objects), events, clock, "172.16.0.2",
        Map.of("cpu", new Quantity("32"), "memory", new Quantity("256Gi")), List.of("10.96.0.10"), "cluster.local",
        "/var/lib/kubelet", "/var/log/pods", BackOff.containerDefaults(), BackOff.containerDefaults());
    syncer = new PodSyncer(ctx);
    state = new PodState(runner);
  }

  ContainerStatus status(String container) {
    return pod.getStatus().getContainerStatuses().stream().filter(s -> s.getName().equals(container)).findFirst().orElseThrow();
  }

  ContainerStatus initStatus(String container) {
    return pod.getStatus().getInitContainerStatuses().stream().filter(s -> s.getName().equals(container)).findFirst()
        .orElseThrow();
  }

  PodCondition condition(String type) {
    return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  String phase() {
    return pod.getStatus().getPhase();
  }

  RuntimePod runtimePod() {
    return RuntimePod.load(runtime, pod.getMetadata().getUid());
  }

  List<ContainerStatusInfo> instances(String container) {
    return runtimePod().containers().getOrDefault(container, List.of());
  }
}
