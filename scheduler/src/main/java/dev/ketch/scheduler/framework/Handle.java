package dev.ketch.scheduler.framework;

import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * What a plugin gets from its profile's framework at construction. Thread-safe; {@link #snapshot()}
 * is the current cycle's and is only meaningful during a cycle.
 */
public interface Handle {

  /** The profile's scheduler name. */
  String schedulerName();

  /** The nodes as the current scheduling cycle sees them. */
  SnapshotView snapshot();

  ClusterListers listers();

  PodActions podActions();

  EventSink events();

  NominatedPods nominatedPods();

  FilterRunner filters();

  Parallelizer parallelizer();

  InstantSource clock();

  RandomGenerator random();

  /** The pod held at Permit with this UID, or null. */
  WaitingPod waitingPod(String uid);
}
