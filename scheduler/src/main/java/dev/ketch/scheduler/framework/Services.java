package dev.ketch.scheduler.framework;

import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * What the scheduler lends every profile's plugins: the cluster's objects, the API writes, events,
 * nominations, worker threads, time and randomness. Injected so tests run with fakes.
 *
 * @param listers cluster objects from informers
 * @param podActions binding, preemption and nomination writes
 * @param events the event recorder
 * @param nominatedPods pods waiting for preemption to finish
 * @param parallelizer the workers that filter and score
 * @param clock the time
 * @param random tie-breaking and preemption's starting node
 */
public record Services(ClusterListers listers, PodActions podActions, EventSink events, NominatedPods nominatedPods,
    Parallelizer parallelizer, InstantSource clock, RandomGenerator random) {}
