package dev.ketch.scheduler.framework;

import java.util.List;

/**
 * Implemented by plugins that reject pods (PreFilter, Filter, Reserve, Permit): the cluster events
 * after which a pod they rejected may fit. A rejecting plugin that does not implement it makes the
 * pod wait for any event.
 */
public interface EnqueueExtensions {

  List<ClusterEventWithHint> eventsToRegister();
}
