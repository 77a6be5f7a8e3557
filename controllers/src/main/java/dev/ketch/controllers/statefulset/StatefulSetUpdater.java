package dev.ketch.controllers.statefulset;

import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.pods.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One pass of upstream's updateStatefulSet over a set's pods: recreate failed and terminated pods,
 * create missing ones, put back identities, delete pods beyond the replicas from the highest
 * ordinal down, and with RollingUpdate delete the highest-ordinal pod (at or above the partition)
 * that is not at the update revision. With OrderedReady (monotonic) each step waits for every
 * lower ordinal to be Running, Ready and available and does one thing per pass; with Parallel it
 * does everything it can, stopping at the first failure.
 */
final class StatefulSetUpdater {

  /** The status the pass observed, and the first write that failed (null if none). */
  record Outcome(StatefulSetStatus status, RuntimeException failure) {}

  private final StatefulPodControl control;
  private final EventRecorder recorder;

  StatefulSetUpdater(StatefulPodControl control, EventRecorder recorder) {
    this.control = control;
    this.recorder = recorder;
  }

  private static final class Pass {
    final StatefulSet set;
    final StatefulSet currentSet;
    final StatefulSet updateSet;
    final String current;
    final String update;
    final StatefulSetStatus status = new StatefulSetStatus();
    final boolean monotonic;
    final Instant now;
    final int minReady;

    Pass(StatefulSet set, StatefulSet currentSet, StatefulSet updateSet, String current, String update, Instant now) {
      this.set = set;
      this.currentSet = currentSet;
      this.updateSet = updateSet;
      this.current = current;
      this.update = update;
      this.monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
      this.now = now;
      this.minReady = set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
    }

    void count(Pod pod, int sign) {
      String rev = StatefulPods.revisionOf(pod);
      if (Objects.equals(rev, current)) {
        status.setCurrentReplicas(status.getCurrentReplicas() + sign);
      }
      if (Objects.equals(rev, update)) {
        status.setUpdatedReplicas(status.getUpdatedReplicas() + sign);
      }
    }
  }

  /** Signals that a monotonic pass must stop here. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

  Outcome update(StatefulSet set, ControllerRevision currentRevision, ControllerRevision updateRevision, int collisionCount,
      List<Pod> pods, Instant now) {
    Pass p = new Pass(set, StatefulPods.withRevision(set, currentRevision), StatefulPods.withRevision(set, updateRevision),
        currentRevision.getMetadata().getName(), updateRevision.getMetadata().getName(), now);
    StatefulSetStatus status = p.status;
    status.setObservedGeneration(set.getMetadata().getGeneration());
    status.setCurrentRevision(p.current);
    status.setUpdateRevision(p.update);
    status.setCollisionCount(collisionCount);
    status.setReplicas(0);
    status.setReadyReplicas(0);
    status.setAvailableReplicas(0);
    status.setCurrentReplicas(0);
    status.setUpdatedReplicas(0);

    int replicaCount = StatefulPods.replicas(set);
    int start = StatefulPods.startOrdinal(set);
    Pod[] replicas = new Pod[replicaCount];
    List<Pod> condemned = new ArrayList<>();
    for (Pod pod : pods) {
      status.setReplicas(status.getReplicas() + 1);
      if (Pods.isRunningAndReady(pod)) {
        status.setReadyReplicas(status.getReadyReplicas() + 1);
        if (Pods.isAvailable(pod, p.minReady, now)) {
          status.setAvailableReplicas(status.getAvailableReplicas() + 1);
        }
      }
      if (!Pods.isTerminating(pod)) {
        p.count(pod, 1);
      }
      int ord = StatefulPods.ordinal(pod);
      if (ord >= start && ord < start + replicaCount) {
        replicas[ord - start] = pod;
      } else if (ord >= 0) {
        condemned.add(pod);
      }
    }
    for (int i = 0; i < replicaCount; i++) {
      if (replicas[i] == null) {
        replicas[i] = newVersionedPod(p, start + i);
      }
    }
    condemned.sort(Comparator.comparingInt(StatefulPods::ordinal).reversed());
    Pod firstUnhealthy = firstUnhealthy(replicas, condemned);

    if (set.getMetadata().getDeletionTimestamp() != null) {
      return new Outcome(status, null);
    }
    RuntimeException failure = null;
    try {
      for (int i = 0; i < replicaCount; i++) {
        processReplica(p, replicas, i, start);
      }
      for (Pod pod : condemned) {
        processCondemned(p, pod, firstUnhealthy);
      }
      if (!"OnDelete".equals(updateStrategy(set))) {
        rollingUpdate(p, replicas, start);
      }
    } catch (Stop stop) {
      // A monotonic pass does one thing at a time.
    } catch (RuntimeException e) {
      failure = e;
    }
    return new Outcome(status, failure);
  }

  private static String updateStrategy(StatefulSet set) {
    var s = set.getSpec().getUpdateStrategy();
    return s == null || s.getType() == null ? "RollingUpdate" : s.getType();
  }

  /** newVersionedStatefulSetPod: below the partition the current revision, else the update one. */
  private static Pod newVersionedPod(Pass p, int ordinal) {
    var strategy = p.currentSet.getSpec().getUpdateStrategy();
    boolean rolling = "RollingUpdate".equals(updateStrategy(p.currentSet));
    Integer partition = strategy == null || strategy.getRollingUpdate() == null ? null : strategy.getRollingUpdate().getPartition();
    int currentReplicas = p.set.getStatus() == null || p.set.getStatus().getCurrentReplicas() == null
        ? 0 : p.set.getStatus().getCurrentReplicas();
    boolean useCurrent = (rolling && partition == null && ordinal < currentReplicas) || (partition != null && ordinal < partition);
    return useCurrent ? StatefulPods.newPod(p.currentSet, ordinal, p.current) : StatefulPods.newPod(p.updateSet, ordinal, p.update);
  }

  private static boolean created(Pod pod) {
    return pod.getMetadata().getUid() != null;
  }

  private static boolean healthy(Pod pod) {
    return created(pod) && Pods.isRunningAndReady(pod) && !Pods.isTerminating(pod);
  }

  private static Pod firstUnhealthy(Pod[] replicas, List<Pod> condemned) {
    Pod first = null;
    int firstOrdinal = Integer.MAX_VALUE;
    List<Pod> all = new ArrayList<>(List.of(replicas));
    all.addAll(condemned);
    for (Pod pod : all) {
      int ord = StatefulPods.ordinal(pod);
      if (!healthy(pod) && ord < firstOrdinal) {
        firstOrdinal = ord;
        first = pod;
      }
    }
    return first;
  }

  /**
   * Upstream's processReplica for the pod of index {@code i}. Throws {@link Stop} where a
   * monotonic pass waits, and any failed write (which ends the pass in either mode, like a slow
   * start that began with one).
   */
  private void processReplica(Pass p, Pod[] replicas, int i, int start) {
    Pod pod = replicas[i];
    if (created(pod) && Pods.isTerminal(pod)) {
      boolean failed = Pods.FAILED.equals(Pods.phase(pod));
      recorder.event(p.set, EventType.WARNING, failed ? "RecreatingFailedPod" : "RecreatingTerminatedPod",
          "StatefulSet " + p.set.getMetadata().getNamespace() + "/" + p.set.getMetadata().getName() + " is recreating "
              + (failed ? "failed" : "terminated") + " Pod " + pod.getMetadata().getName());
      if (!Pods.isTerminating(pod)) {
        control.delete(p.set, pod);
        p.status.setReplicas(p.status.getReplicas() - 1);
        p.count(pod, -1);
      }
      // The new pod is created once the old one is gone.
      stop(p);
      return;
    }
    if (!created(pod)) {
      control.create(p.set, pod, start + i);
      p.status.setReplicas(p.status.getReplicas() + 1);
      p.count(pod, 1);
      stop(p);
      return;
    }
    if (Pods.isTerminating(pod) || !Pods.isRunningAndReady(pod) || !Pods.isAvailable(pod, p.minReady, p.now)) {
      stop(p);
      return;
    }
    control.restoreIdentity(p.updateSet, pod);
    control.applyRetention(p.set, pod, false);
  }

  private static void stop(Pass p) {
    if (p.monotonic) {
      throw new Stop();
    }
  }

  /** Upstream's processCondemned: scale down, highest ordinal first. */
  private void processCondemned(Pass p, Pod pod, Pod firstUnhealthy) {
    control.applyRetention(p.set, pod, true);
    if (Pods.isTerminating(pod)) {
      stop(p);
      return;
    }
    if (p.monotonic && pod != firstUnhealthy
        && (!Pods.isRunningAndReady(pod) || !Pods.isAvailable(pod, p.minReady, p.now))) {
      throw new Stop();
    }
    control.delete(p.set, pod);
    p.count(pod, -1);
    stop(p);
  }

  /** Deletes the highest-ordinal pod at or above the partition that is not at the update revision. */
  private void rollingUpdate(Pass p, Pod[] replicas, int start) {
    var strategy = p.set.getSpec().getUpdateStrategy();
    int partition = strategy == null || strategy.getRollingUpdate() == null || strategy.getRollingUpdate().getPartition() == null
        ? 0 : strategy.getRollingUpdate().getPartition();
    for (int i = replicas.length - 1; i >= 0 && start + i >= partition; i--) {
      Pod pod = replicas[i];
      if (!Objects.equals(StatefulPods.revisionOf(pod), p.update) && !Pods.isTerminating(pod) && created(pod)) {
        control.delete(p.set, pod);
        p.count(pod, -1);
        return;
      }
      if (!healthy(pod)) {
        return;
      }
    }
  }
}
