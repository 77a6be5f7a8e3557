package dev.ketch.scheduler.internal;

import dev.ketch.scheduler.framework.ClusterListers;
import dev.ketch.scheduler.framework.EventSink;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.QueuedPodInfo;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.queue.Nominator;
import dev.ketch.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Objects;
import java.util.Set;

/**
 * What happens to a pod whose cycle failed, as upstream's {@code handleSchedulingFailure}: back to
 * the queue (remembering which plugins rejected it), its nomination recorded, a FailedScheduling
 * event, and its PodScheduled condition set to False with the reason and message, unless the pod
 * already says exactly that. A pod deleted or bound meanwhile is dropped. Thread-safe.
 */
final class FailureHandler {

  static final String REASON_UNSCHEDULABLE = "Unschedulable";
  static final String REASON_ERROR = "SchedulerError";

  private final SchedulingQueue queue;
  private final Nominator nominator;
  private final ClusterListers listers;
  private final EventSink events;
  private final StatusWriter status;

  FailureHandler(SchedulingQueue queue, Nominator nominator, ClusterListers listers, EventSink events, StatusWriter status) {
    this.queue = queue;
    this.nominator = nominator;
    this.listers = listers;
    this.events = events;
    this.status = status;
  }

  EventSink events() {
    return events;
  }

  /**
   * @param result the failed status (its code decides between the unschedulable pool and backoff)
   * @param plugins the plugins that rejected the pod
   * @param message what users see
   * @param nominatedNodeName the node preemption nominated, "" to clear, null to leave as is
   */
  void handle(QueuedPodInfo q, long cycle, Status result, Set<String> plugins, String message, String nominatedNodeName) {
    PodInfo pod = q.podInfo();
    Pod latest = listers.pod(pod.namespace(), pod.name());
    if (latest == null || !Objects.equals(latest.getMetadata().getUid(), pod.pod().getMetadata().getUid())
        || EventHandlers.assigned(latest)) {
      queue.done(pod.uid());
      return;
    }
    boolean error = result.isError();
    q.setUnschedulablePlugins(error ? Set.of() : plugins);
    queue.requeue(q, cycle, error);
    if (nominatedNodeName != null) {
      nominator.nominate(PodInfo.of(latest), nominatedNodeName);
    }
    events.warning(pod, "FailedScheduling", message);
    String reason = error ? REASON_ERROR : REASON_UNSCHEDULABLE;
    if (!alreadySays(latest, reason, message, nominatedNodeName)) {
      status.unschedulable(pod, reason, message, nominatedNodeName);
    }
  }

  private static boolean alreadySays(Pod pod, String reason, String message, String nominated) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    if (nominated != null && !nominated.equals(Objects.requireNonNullElse(pod.getStatus().getNominatedNodeName(), ""))) {
      return false;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("PodScheduled".equals(c.getType())) {
        return "False".equals(c.getStatus()) && reason.equals(c.getReason()) && message.equals(c.getMessage());
      }
    }
    return false;
  }
}
