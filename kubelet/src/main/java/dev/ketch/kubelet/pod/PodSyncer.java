package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.env.EnvironmentBuilder.PodPlacement;
import dev.ketch.kubelet.events.EventType;
import dev.ketch.kubelet.events.References;
import dev.ketch.kubelet.prober.PodProbes;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.runtime.ContainerStatusInfo;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.status.PodPhases;
import dev.ketch.kubelet.volume.AtomicWriter;
import dev.ketch.kubelet.volume.VolumeException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod's sync, level-triggered like upstream's SyncPod: read what the runtime holds for the
 * pod, act to bring it towards the spec, and say what the status is now and when to look again.
 * In order: a pod that is being deleted, or whose phase is terminal, is stopped ({@link
 * #terminate}); otherwise the sandbox is made (again, if it was lost), volumes are set up (and set
 * up again every minute, so ConfigMap and Secret changes reach running pods), init
 * containers run one at a time in order, then app containers start; exited containers restart
 * by the restart policy with back-off (10 s doubling to 5 minutes, CrashLoopBackOff meanwhile);
 * running containers are probed and those failing liveness or startup probes are killed; a
 * container whose spec changed is restarted. The status is built from the runtime's state after
 * all this.
 *
 * <p>Not thread-safe per pod: the pod's worker calls it, never two threads for one pod. Blocks on
 * the runtime. Throws {@link ContainerRuntimeException} when the runtime fails in a way that is
 * not the pod's fault; the worker retries.
 */
public final class PodSyncer {

  /**
   * What a sync found.
   *
   * @param status the pod's status now
   * @param nextSyncAt when to sync again at the latest (back-off ends, a probe is due), or null
   * @param terminated every container and the sandbox are stopped for good
   */
  public record Outcome(PodStatus status, Instant nextSyncAt, boolean terminated) {}

  /** How often a running pod's volumes are set up again (upstream re-checks them every sync, about a minute). */
  static final Duration VOLUME_REFRESH = Duration.ofMinutes(1);
  /** The grace period of a pod deleted with grace 0 (upstream's minimum for a kill). */
  static final Duration FORCED_GRACE = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(PodSyncer.class);

  private final SyncContext ctx;
  private final PodStatusBuilder statuses;
  private final ContainerKiller killer;
  private final ContainerStarter starter;

  public PodSyncer(SyncContext ctx) {
    this.ctx = ctx;
    this.statuses = new PodStatusBuilder(ctx.runtime().version().runtimeName(), ctx.hostIp());
    this.killer = new ContainerKiller(ctx);
    this.starter = new ContainerStarter(ctx, killer);
  }

  public Outcome sync(Pod pod, PodState state) {
    String uid = pod.getMetadata().getUid();
    RuntimePod snapshot = RuntimePod.load(ctx.runtime(), uid);
    boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
    String apiPhase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (deleting || PodPhases.isTerminal(apiPhase) || state.terminated) {
      return terminate(pod, state, snapshot);
    }
    Instant now = ctx.clock().instant();
    PodStatus current = statuses.build(pod, snapshot, state, false, now);
    if (PodPhases.isTerminal(current.getPhase())) {
      return terminate(pod, state, snapshot);
    }
    Wake wake = new Wake();

    PodSandboxStatus sandbox = snapshot.readySandbox();
    if (sandbox == null) {
      if (!snapshot.sandboxes().isEmpty() || state.sandboxId != null) {
        if (neverRestarts(pod) && !snapshot.containers().isEmpty()) {
          // Its containers already ran under restartPolicy Never: nothing is started again.
          return new Outcome(statuses.build(pod, snapshot, state, false, now), null, false);
        }
        ctx.events().event(References.pod(pod), EventType.NORMAL, "SandboxChanged",
            "Pod sandbox changed, it will be killed and re-created.");
        killer.stopAll(pod, snapshot, Duration.ofSeconds(ContainerConfigs.gracePeriodSeconds(pod)), podIp(pod, snapshot));
      }
      int attempt = snapshot.sandboxes().stream().mapToInt(s -> s.metadata().attempt() + 1).max().orElse(0);
      try {
        state.sandboxId = ctx.runtime().runPodSandbox(sandboxConfig(pod, attempt));
      } catch (ContainerRuntimeException e) {
        if (e.isTransient()) {
          throw e;
        }
        ctx.events().event(References.pod(pod), EventType.WARNING, "FailedCreatePodSandBox",
            "Failed to create pod sandbox: " + e.getMessage());
        return new Outcome(statuses.build(pod, snapshot, state, false, now), now.plusSeconds(10), false);
      }
      if (attempt > 0) {
        // A new sandbox runs the init containers again, from the first.
        for (Container c : list(pod.getSpec().getInitContainers())) {
          for (ContainerStatusInfo old : snapshot.containers().getOrDefault(c.getName(), List.of())) {
            ctx.runtime().removeContainer(old.id());
          }
        }
      }
      snapshot = RuntimePod.load(ctx.runtime(), uid);
      sandbox = snapshot.readySandbox();
      if (sandbox == null) {
        return new Outcome(statuses.build(pod, snapshot, state, false, now), now.plusSeconds(1), false);
      }
    }
    state.sandboxId = sandbox.id();

    if (!state.volumesReady) {
      if (state.volumeRetryAt != null && now.isBefore(state.volumeRetryAt)) {
        return new Outcome(statuses.build(pod, snapshot, state, false, now), state.volumeRetryAt, false);
      }
      try {
        ctx.volumes().setUp(pod);
        state.volumesReady = true;
        state.volumesSetUpAt = now;
        state.volumeRetryAt = null;
      } catch (VolumeException e) {
        ctx.events().event(References.pod(pod), EventType.WARNING, "FailedMount", e.eventMessage());
        Duration delay = state.volumeRetryDelay.isZero() ? Duration.ofSeconds(2) : state.volumeRetryDelay.multipliedBy(2);
        state.volumeRetryDelay = delay.compareTo(Duration.ofMinutes(2)) > 0 ? Duration.ofMinutes(2) : delay;
        state.volumeRetryAt = now.plus(state.volumeRetryDelay);
        return new Outcome(statuses.build(pod, snapshot, state, false, now), state.volumeRetryAt, false);
      }
    }

    if (state.volumesSetUpAt != null && !now.isBefore(state.volumesSetUpAt.plus(VOLUME_REFRESH))) {
      // Set up again: changed ConfigMaps and Secrets and renewed tokens reach the running pod.
      state.volumesSetUpAt = now;
      try {
        ctx.volumes().setUp(pod);
      } catch (VolumeException e) {
        ctx.events().event(References.pod(pod), EventType.WARNING, "FailedMount", e.eventMessage());
      }
    }

    PodSandboxConfig sandboxConfig = sandboxConfig(pod, sandbox.metadata().attempt());
    PodPlacement placement = new PodPlacement(ctx.hostIp(), podIp(pod, snapshot), podIps(pod, snapshot), ctx.allocatable());
    boolean initialized = syncInitContainers(pod, state, snapshot, sandbox.id(), sandboxConfig, placement, wake, now);
    if (initialized) {
      for (Container c : list(pod.getSpec().getContainers())) {
        syncContainer(pod, c, state, snapshot, sandbox.id(), sandboxConfig, placement, wake, now);
      }
    }

    snapshot = RuntimePod.load(ctx.runtime(), uid);
    if (probe(pod, state, snapshot, placement.podIp(), wake, ctx.clock().instant())) {
      snapshot = RuntimePod.load(ctx.runtime(), uid);
    }
    return new Outcome(statuses.build(pod, snapshot, state, false, ctx.clock().instant()), wake.at, false);
  }

  /** Runs init containers one at a time, in order; true once all have succeeded. */
  private boolean syncInitContainers(Pod pod, PodState state, RuntimePod snapshot, String sandboxId,
      PodSandboxConfig sandboxConfig, PodPlacement placement, Wake wake, Instant now) {
    for (Container c : list(pod.getSpec().getInitContainers())) {
      ContainerStatusInfo latest = snapshot.latest(c.getName());
      if (latest == null) {
        if (!starter.start(pod, c, true, 0, sandboxId, sandboxConfig, placement, state)) {
          wake.at(retryAfterFailure(pod, c, state, now));
        }
        return false;
      }
      switch (latest.state()) {
        case RUNNING -> {
          return false;
        }
        case EXITED -> {
          if (latest.exitCode() == 0) {
            continue;
          }
          restart(pod, c, true, latest, snapshot, state, sandboxId, sandboxConfig, placement, wake, now);
          return false;
        }
        default -> {
          ctx.runtime().removeContainer(latest.id());
          starter.start(pod, c, true, latest.restartCount(), sandboxId, sandboxConfig, placement, state);
          return false;
        }
      }
    }
    return true;
  }

  private void syncContainer(Pod pod, Container c, PodState state, RuntimePod snapshot, String sandboxId,
      PodSandboxConfig sandboxConfig, PodPlacement placement, Wake wake, Instant now) {
    ContainerStatusInfo latest = snapshot.latest(c.getName());
    if (latest == null) {
      if (!starter.start(pod, c, false, 0, sandboxId, sandboxConfig, placement, state)) {
        wake.at(retryAfterFailure(pod, c, state, now));
      }
      return;
    }
    switch (latest.state()) {
      case RUNNING -> {
        String hash = latest.annotations().get(CriLabels.CONTAINER_HASH);
        if (hash != null && !hash.equals(ContainerConfigs.hash(c))) {
          killer.stop(pod, c, latest.id(), Duration.ofSeconds(ContainerConfigs.gracePeriodSeconds(pod)),
              "Container " + c.getName() + " definition changed, will be restarted", true, placement.podIp());
          wake.at(now);
        }
      }
      case EXITED -> {
        if (shouldRestart(pod, latest.exitCode())) {
          restart(pod, c, false, latest, snapshot, state, sandboxId, sandboxConfig, placement, wake, now);
        }
      }
      default -> {
        ctx.runtime().removeContainer(latest.id());
        starter.start(pod, c, false, latest.restartCount(), sandboxId, sandboxConfig, placement, state);
      }
    }
  }

  /** Restarts an exited container unless it is in back-off, when it waits in CrashLoopBackOff. */
  private void restart(Pod pod, Container c, boolean init, ContainerStatusInfo latest, RuntimePod snapshot, PodState state,
      String sandboxId, PodSandboxConfig sandboxConfig, PodPlacement placement, Wake wake, Instant now) {
    String key = pod.getMetadata().getUid() + "/" + c.getName();
    Instant exitedAt = latest.finishedAt() != null ? latest.finishedAt() : now;
    if (ctx.containerBackOff().inBackOffSince(key, exitedAt, now)) {
      Duration delay = ctx.containerBackOff().current(key, now);
      state.waiting.put(c.getName(), new Waiting(Waiting.CRASH_LOOP_BACK_OFF, "back-off " + GoDuration.format(delay)
          + " restarting failed container=" + c.getName() + " pod=" + podName(pod)));
      ctx.events().event(References.container(pod, c.getName(), init), EventType.WARNING, "BackOff",
          "Back-off restarting failed container " + c.getName() + " in pod " + podName(pod));
      wake.at(exitedAt.plus(delay));
      return;
    }
    ctx.containerBackOff().next(key, exitedAt);
    // Keep the instance that just exited (the new one's lastState) and drop older ones.
    List<ContainerStatusInfo> instances = snapshot.containers().getOrDefault(c.getName(), List.of());
    for (int i = 1; i < instances.size(); i++) {
      if (instances.get(i).state() == ContainerState.EXITED) {
        ctx.runtime().removeContainer(instances.get(i).id());
      }
    }
    if (!starter.start(pod, c, init, latest.restartCount() + 1, sandboxId, sandboxConfig, placement, state)) {
      wake.at(retryAfterFailure(pod, c, state, now));
    }
  }

  /** When to try a container again after a failed start: its back-off, else 10 s. */
  private Instant retryAfterFailure(Pod pod, Container c, PodState state, Instant now) {
    Duration d = ctx.imageBackOff().current(pod.getMetadata().getUid() + "/" + c.getImage(), now);
    return now.plus(d.isZero() ? Duration.ofSeconds(10) : d);
  }

  /** Runs the probes that are due; true if a container was killed for failing one. */
  private boolean probe(Pod pod, PodState state, RuntimePod snapshot, String podIp, Wake wake, Instant now) {
    Set<String> live = new HashSet<>();
    boolean killed = false;
    for (Container c : list(pod.getSpec().getContainers())) {
      ContainerStatusInfo latest = snapshot.latest(c.getName());
      if (latest == null || latest.state() != ContainerState.RUNNING) {
        continue;
      }
      live.add(latest.id());
      if (c.getStartupProbe() == null && c.getLivenessProbe() == null && c.getReadinessProbe() == null) {
        continue;
      }
      boolean wasReady = wasReady(pod, c.getName(), latest.id());
      PodProbes.Round round = state.probes.probe(pod, c, latest.id(), latest.startedAt(), podIp, wasReady, now);
      for (PodProbes.Unhealthy u : round.unhealthy()) {
        ctx.events().event(References.container(pod, u.container(), false), EventType.WARNING, "Unhealthy", u.message());
      }
      String kill = round.kill().get(c.getName());
      if (kill != null) {
        killer.stop(pod, c, latest.id(), Duration.ofSeconds(ContainerConfigs.gracePeriodSeconds(pod)), kill, true, podIp);
        wake.at(now);
        killed = true;
      }
      wake.at(round.nextDue());
    }
    state.probes.retain(live);
    return killed;
  }

  /**
   * Stops everything the pod runs: each running container gets its preStop hook and the grace
   * period (the deletion's, else the spec's), then the sandbox stops. The status then shows every
   * container terminated; a pod being deleted gets a terminal phase from its exit codes.
   */
  public Outcome terminate(Pod pod, PodState state, RuntimePod snapshot) {
    return terminate(pod, state, snapshot, Duration.ofSeconds(ContainerConfigs.gracePeriodSeconds(pod)));
  }

  /**
   * Stops a pod that vanished from the API before it was stopped (a forced deletion): as upstream,
   * with the shortest grace period a kill gets ({@link #FORCED_GRACE}), not the spec's.
   */
  public Outcome terminateForced(Pod pod, PodState state, RuntimePod snapshot) {
    Duration spec = Duration.ofSeconds(ContainerConfigs.gracePeriodSeconds(pod));
    return terminate(pod, state, snapshot, spec.compareTo(FORCED_GRACE) < 0 ? spec : FORCED_GRACE);
  }

  private Outcome terminate(Pod pod, PodState state, RuntimePod snapshot, Duration grace) {
    killer.stopAll(pod, snapshot, grace, podIp(pod, snapshot));
    for (PodSandboxStatus s : snapshot.sandboxes()) {
      if (s.ready()) {
        ctx.runtime().stopPodSandbox(s.id());
      }
    }
    state.terminated = true;
    RuntimePod after = RuntimePod.load(ctx.runtime(), pod.getMetadata().getUid());
    boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
    return new Outcome(statuses.build(pod, after, state, deleting, ctx.clock().instant()), null, true);
  }

  /** Removes everything the runtime and the volume manager hold for the pod; for a pod gone from the API. */
  public void cleanup(String uid) {
    RuntimePod snapshot = RuntimePod.load(ctx.runtime(), uid);
    for (ContainerStatusInfo c : snapshot.all()) {
      if (c.state() == ContainerState.RUNNING) {
        ctx.runtime().stopContainer(c.id(), Duration.ZERO);
      }
      ctx.runtime().removeContainer(c.id());
    }
    Set<String> logDirs = new HashSet<>();
    for (PodSandboxStatus s : snapshot.sandboxes()) {
      ctx.runtime().stopPodSandbox(s.id());
      ctx.runtime().removePodSandbox(s.id());
      logDirs.add(ContainerConfigs.logDirectory(ctx.logDir(), s.labels().get(CriLabels.POD_NAMESPACE),
          s.labels().get(CriLabels.POD_NAME), uid));
    }
    ctx.volumes().tearDown(uid);
    for (String dir : logDirs) {
      // The runtime writes the containers' logs but leaves them behind; they go with the pod.
      try {
        AtomicWriter.deleteTree(Path.of(dir));
      } catch (IOException e) {
        log.atWarn().addKeyValue("podUid", uid).addKeyValue("dir", dir).log("cannot remove the pod's logs: {}", e.toString());
      }
    }
    ctx.containerBackOff().forgetPrefix(uid + "/");
    ctx.imageBackOff().forgetPrefix(uid + "/");
  }

  public dev.ketch.kubelet.runtime.RuntimeService runtime() {
    return ctx.runtime();
  }

  PodSandboxConfig sandboxConfig(Pod pod, int attempt) {
    return ContainerConfigs.sandbox(pod, attempt, ctx.logDir(), PodDns.forPod(pod, ctx.clusterDns(), ctx.clusterDomain()));
  }

  private String podIp(Pod pod, RuntimePod snapshot) {
    List<String> ips = podIps(pod, snapshot);
    return ips.isEmpty() ? "" : ips.getFirst();
  }

  private List<String> podIps(Pod pod, RuntimePod snapshot) {
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      return List.of(ctx.hostIp());
    }
    PodSandboxStatus s = snapshot.readySandbox();
    return s == null ? List.of() : s.ips();
  }

  private static boolean wasReady(Pod pod, String name, String id) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return false;
    }
    return pod.getStatus().getContainerStatuses().stream().anyMatch(s -> name.equals(s.getName())
        && s.getContainerID() != null && s.getContainerID().endsWith("://" + id) && Boolean.TRUE.equals(s.getReady()));
  }

  private static boolean shouldRestart(Pod pod, int exitCode) {
    String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    return switch (policy) {
      case "Never" -> false;
      case "OnFailure" -> exitCode != 0;
      default -> true;
    };
  }

  private static boolean neverRestarts(Pod pod) {
    return "Never".equals(pod.getSpec().getRestartPolicy());
  }

  /** Upstream's format_pod: {@code name_namespace(uid)}. */
  static String podName(Pod pod) {
    return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")";
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  /** The earliest time anything asked to be looked at again. */
  private static final class Wake {
    Instant at;

    void at(Instant t) {
      if (t != null && (at == null || t.isBefore(at))) {
        at = t;
      }
    }
  }
}
