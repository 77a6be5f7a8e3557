package dev.ketch.scheduler.framework;

import java.time.Instant;
import java.util.Set;

/**
 * A pod waiting in the scheduling queue with its queue bookkeeping: when it (re-)entered the
 * queue, how many times it was tried, and which plugins rejected it last. Owned by the queue and
 * changed only under its lock, or by the one scheduling cycle that popped it.
 */
public final class QueuedPodInfo {

  private final Instant added;
  private PodInfo podInfo;
  private Instant timestamp;
  private Instant initialAttemptTimestamp;
  private int attempts;
  private Set<String> unschedulablePlugins = Set.of();
  private boolean gated;

  public QueuedPodInfo(PodInfo podInfo, Instant timestamp) {
    this.podInfo = podInfo;
    this.timestamp = timestamp;
    this.added = timestamp;
  }

  /** When the pod first entered the queue. */
  public Instant added() {
    return added;
  }

  public PodInfo podInfo() {
    return podInfo;
  }

  public void setPodInfo(PodInfo podInfo) {
    this.podInfo = podInfo;
  }

  /** When the pod last entered the queue; orders pods of equal priority. */
  public Instant timestamp() {
    return timestamp;
  }

  public void setTimestamp(Instant timestamp) {
    this.timestamp = timestamp;
  }

  /** When the pod was first popped for scheduling, or null before that. */
  public Instant initialAttemptTimestamp() {
    return initialAttemptTimestamp;
  }

  public void setInitialAttemptTimestamp(Instant t) {
    this.initialAttemptTimestamp = t;
  }

  /** How many scheduling cycles the pod went through. */
  public int attempts() {
    return attempts;
  }

  public void incrementAttempts() {
    attempts++;
  }

  /** The plugins that rejected the pod in its last cycle; empty after an error. */
  public Set<String> unschedulablePlugins() {
    return unschedulablePlugins;
  }

  public void setUnschedulablePlugins(Set<String> plugins) {
    this.unschedulablePlugins = Set.copyOf(plugins);
  }

  /** Whether spec.schedulingGates holds the pod out of scheduling. */
  public boolean gated() {
    return gated;
  }

  public void setGated(boolean gated) {
    this.gated = gated;
  }

  @Override
  public String toString() {
    return podInfo.key() + "(attempts=" + attempts + ")";
  }
}
