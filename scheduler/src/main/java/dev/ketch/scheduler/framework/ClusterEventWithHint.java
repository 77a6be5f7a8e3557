package dev.ketch.scheduler.framework;

/**
 * A registration: an event kind and an optional hint that looks at the concrete change.
 *
 * @param event the kind of event
 * @param hint null to retry on every such event
 */
public record ClusterEventWithHint(ClusterEvent event, QueueingHint hint) {

  public static ClusterEventWithHint of(ClusterEvent.Resource resource, int actions) {
    return new ClusterEventWithHint(new ClusterEvent(resource, actions), null);
  }

  public static ClusterEventWithHint of(ClusterEvent.Resource resource, int actions, QueueingHint hint) {
    return new ClusterEventWithHint(new ClusterEvent(resource, actions), hint);
  }
}
