package dev.ketch.scheduler.internal;

import dev.ketch.scheduler.cache.SchedulerCache;
import dev.ketch.scheduler.cache.Snapshot;
import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.FitError;
import dev.ketch.scheduler.framework.Framework;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PostFilterResult;
import dev.ketch.scheduler.framework.QueuedPodInfo;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.metrics.SchedulerMetrics;
import dev.ketch.scheduler.queue.Nominator;
import dev.ketch.scheduler.queue.SchedulingQueue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling loop, as upstream's {@code scheduleOne}: pop a pod, refresh the snapshot, run the
 * profile's algorithm; on success assume the pod in the cache, run Reserve and Permit, and hand the
 * binding cycle (Permit wait, Bind) to a binding thread so the next pod is scheduled at once; on
 * failure run PostFilter (preemption) and report the failure. One scheduling thread calls
 * {@link #scheduleOne}; binding runs on {@code binders}.
 */
public final class SchedulingLoop {

  private static final Logger log = LoggerFactory.getLogger(SchedulingLoop.class);

  private final SchedulingQueue queue;
  private final SchedulerCache cache;
  private final Map<String, Framework> profiles;
  private final PodScheduler algorithm;
  private final FailureHandler failures;
  private final Nominator nominator;
  private final Executor binders;
  private final SchedulerMetrics metrics;
  private final InstantSource clock;
  private final Snapshot snapshot = new Snapshot();

  SchedulingLoop(SchedulingQueue queue, SchedulerCache cache, Map<String, Framework> profiles, PodScheduler algorithm,
      FailureHandler failures, Nominator nominator, Executor binders, SchedulerMetrics metrics, InstantSource clock) {
    this.queue = queue;
    this.cache = cache;
    this.profiles = profiles;
    this.algorithm = algorithm;
    this.failures = failures;
    this.nominator = nominator;
    this.binders = binders;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Schedules the next pod, waiting for one.
   *
   * @return false once the queue is closed
   */
  public boolean scheduleOne() throws InterruptedException {
    QueuedPodInfo q = queue.pop();
    if (q == null) {
      return false;
    }
    try {
      schedule(q);
    } catch (RuntimeException e) {
      // A plugin bug must not lose the pod or stop the loop: the pod is retried after a backoff.
      log.error("scheduling cycle failed pod={}", q.podInfo().key(), e);
      metrics.errors.increment();
      cache.forgetPod(q.podInfo());
      failures.handle(q, queue.schedulingCycle(), Status.error(e), Set.of(), "Error scheduling pod: " + e, null);
    }
    return true;
  }

  /** Runs one scheduling cycle for a popped pod. */
  void schedule(QueuedPodInfo q) {
    PodInfo pod = q.podInfo();
    Framework fw = profiles.get(PodInfo.schedulerNameOf(pod.pod()));
    if (fw == null || pod.terminating() || cache.isAssumed(pod.uid())) {
      queue.done(pod.uid());
      return;
    }
    long start = System.nanoTime();
    long cycle = queue.schedulingCycle();
    CycleState state = new CycleState();
    cache.updateSnapshot(snapshot);
    fw.setSnapshot(snapshot);
    PodScheduler.Result result;
    try {
      result = algorithm.schedule(fw, state, pod, snapshot);
    } catch (SchedulingFailure f) {
      metrics.algorithm.record(System.nanoTime() - start);
      if (f.fitError() != null) {
        unfit(fw, state, q, cycle, f.fitError());
      } else {
        metrics.errors.increment();
        failures.handle(q, cycle, f.status(), Set.of(), "Error scheduling pod: " + f.status().message(), null);
      }
      return;
    }
    metrics.nodesEvaluated.add(result.evaluatedNodes());
    PodInfo assumed = pod.withNodeName(result.nodeName());
    try {
      cache.assumePod(assumed);
    } catch (IllegalStateException e) {
      metrics.errors.increment();
      failures.handle(q, cycle, Status.error(e), Set.of(), e.getMessage(), null);
      return;
    }
    Status reserve = fw.runReserve(state, assumed, result.nodeName());
    if (!reserve.isSuccess()) {
      fw.runUnreserve(state, assumed, result.nodeName());
      cache.forgetPod(assumed);
      rejected(q, cycle, reserve);
      return;
    }
    Status permit = fw.runPermit(state, assumed, result.nodeName());
    if (!permit.isSuccess() && permit.code() != Status.Code.WAIT) {
      fw.runUnreserve(state, assumed, result.nodeName());
      cache.forgetPod(assumed);
      rejected(q, cycle, permit);
      return;
    }
    nominator.remove(pod.uid());
    metrics.algorithm.record(System.nanoTime() - start);
    binders.execute(() -> bind(fw, state, q, assumed, cycle));
  }

  private void unfit(Framework fw, CycleState state, QueuedPodInfo q, long cycle, FitError fitError) {
    metrics.unschedulable.increment();
    String nominated = null;
    FitError error = fitError;
    if (fw.hasPostFilterPlugins()) {
      PostFilterResult r = fw.runPostFilter(state, q.podInfo(), fitError.statuses());
      if (r.status().isSuccess()) {
        metrics.preemptions.increment();
      } else if (!r.status().message().isEmpty()) {
        error = fitError.withPostFilterMessage(r.status().message());
      }
      nominated = r.nominatedNodeName();
    }
    log.debug("unschedulable pod={} message={}", q.podInfo().key(), error.message());
    failures.handle(q, cycle, Status.unschedulable(), error.unschedulablePlugins(), error.message(), nominated);
  }

  private void rejected(QueuedPodInfo q, long cycle, Status s) {
    if (s.isRejected()) {
      metrics.unschedulable.increment();
      failures.handle(q, cycle, s, Set.of(s.plugin()), s.message(), null);
    } else {
      metrics.errors.increment();
      failures.handle(q, cycle, s, Set.of(), "Error scheduling pod: " + s.message(), null);
    }
  }

  /** The binding cycle, on a binding thread. */
  private void bind(Framework fw, CycleState state, QueuedPodInfo q, PodInfo assumed, long cycle) {
    long start = System.nanoTime();
    String node = assumed.nodeName();
    Status s = fw.waitOnPermit(assumed);
    if (s.isSuccess()) {
      s = fw.runBind(state, assumed, node);
    }
    if (!s.isSuccess()) {
      log.debug("binding failed pod={} node={} status={}", assumed.key(), node, s);
      fw.runUnreserve(state, assumed, node);
      cache.forgetPod(assumed);
      // The assumed pod's room is free again: pods waiting for room may fit now.
      queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETE, assumed.pod(), null);
      if (s.isRejected()) {
        rejected(q, cycle, s);
      } else {
        metrics.errors.increment();
        failures.handle(q, cycle, s, Set.of(), "Binding rejected: " + s.message(), null);
      }
      return;
    }
    metrics.binding.record(System.nanoTime() - start);
    metrics.scheduled.increment();
    metrics.podE2e.record(Duration.between(q.added(), clock.instant()).toNanos());
    queue.done(assumed.uid());
    failures.events().normal(assumed, "Scheduled", "Successfully assigned " + assumed.key() + " to " + node);
    log.debug("bound pod={} node={}", assumed.key(), node);
  }
}
