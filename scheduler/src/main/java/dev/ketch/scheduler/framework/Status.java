package dev.ketch.scheduler.framework;

import java.util.List;

/**
 * The outcome of one plugin at one extension point. The {@link Code} is a closed set whose meaning
 * for the pod's place in the queue is fixed; reasons are the human-readable explanations that end
 * up, counted per node, in the pod's FailedScheduling event ("Insufficient cpu"). Immutable.
 *
 * @param code what happened
 * @param reasons why, one or more short phrases; empty on success
 * @param plugin the plugin that returned it, set by the framework; empty when not known
 */
public record Status(Code code, List<String> reasons, String plugin) {

  /** What a status means. */
  public enum Code {
    /** The plugin ran and found nothing against the pod (or node). */
    SUCCESS,
    /**
     * An internal failure (a bug, an unexpected state): the pod goes to the backoff queue and is
     * retried whatever happens in the cluster.
     */
    ERROR,
    /**
     * The pod does not fit now; another pod's removal (preemption) or a cluster event could change
     * that. The pod waits in the unschedulable pool for an event that the rejecting plugin
     * registered for.
     */
    UNSCHEDULABLE,
    /**
     * As {@link #UNSCHEDULABLE}, but removing pods from this node cannot help, so preemption does
     * not consider the node.
     */
    UNSCHEDULABLE_AND_UNRESOLVABLE,
    /** Permit only: the pod waits (up to a timeout) until some plugin allows or rejects it. */
    WAIT,
    /**
     * PreFilter or PreScore: this plugin has nothing to check for this pod, so its Filter or Score
     * is skipped. Bind: this plugin does not bind this pod; the next one is asked.
     */
    SKIP
  }

  private static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), "");
  private static final Status SKIP = new Status(Code.SKIP, List.of(), "");

  public Status {
    reasons = List.copyOf(reasons);
    plugin = plugin == null ? "" : plugin;
  }

  public static Status success() {
    return SUCCESS;
  }

  public static Status skip() {
    return SKIP;
  }

  public static Status unschedulable(String... reasons) {
    return new Status(Code.UNSCHEDULABLE, List.of(reasons), "");
  }

  public static Status unschedulable(List<String> reasons) {
    return new Status(Code.UNSCHEDULABLE, reasons, "");
  }

  public static Status unresolvable(String... reasons) {
    return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), "");
  }

  public static Status error(String message) {
    return new Status(Code.ERROR, List.of(message), "");
  }

  public static Status error(Throwable t) {
    return new Status(Code.ERROR, List.of(String.valueOf(t.getMessage() == null ? t.toString() : t.getMessage())), "");
  }

  public static Status waiting(String reason) {
    return new Status(Code.WAIT, List.of(reason), "");
  }

  public static Status of(Code code, String... reasons) {
    return new Status(code, List.of(reasons), "");
  }

  public boolean isSuccess() {
    return code == Code.SUCCESS;
  }

  public boolean isSkip() {
    return code == Code.SKIP;
  }

  public boolean isError() {
    return code == Code.ERROR;
  }

  /** Whether the pod was turned away: {@link Code#UNSCHEDULABLE} or {@link Code#UNSCHEDULABLE_AND_UNRESOLVABLE}. */
  public boolean isRejected() {
    return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
  }

  /** The reasons joined with ", ". */
  public String message() {
    return String.join(", ", reasons);
  }

  /** This status, attributed to {@code pluginName}. */
  public Status withPlugin(String pluginName) {
    return pluginName.equals(plugin) ? this : new Status(code, reasons, pluginName);
  }

  @Override
  public String toString() {
    return code + (reasons.isEmpty() ? "" : " " + reasons) + (plugin.isEmpty() ? "" : " from " + plugin);
  }
}
