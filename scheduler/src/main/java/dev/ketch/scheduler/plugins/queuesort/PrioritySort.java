package dev.ketch.scheduler.plugins.queuesort;

import dev.ketch.scheduler.framework.QueuedPodInfo;
import dev.ketch.scheduler.framework.QueueSortPlugin;

/** Orders the active queue by priority (higher first), then by the time pods entered the queue. */
public final class PrioritySort implements QueueSortPlugin {

  public static final String NAME = "PrioritySort";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean less(QueuedPodInfo a, QueuedPodInfo b) {
    int pa = a.podInfo().priority();
    int pb = b.podInfo().priority();
    return pa > pb || (pa == pb && a.timestamp().isBefore(b.timestamp()));
  }
}
