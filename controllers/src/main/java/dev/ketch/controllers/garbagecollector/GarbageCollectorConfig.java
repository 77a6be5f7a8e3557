package dev.ketch.controllers.garbagecollector;

import java.time.Duration;
import java.util.Set;

/**
 * How the {@link GarbageCollector} runs.
 *
 * @param deleteWorkers workers deleting dependents and finishing foreground deletions
 * @param orphanWorkers workers orphaning dependents
 * @param ignoredResources group resources never watched ({@code events}, {@code
 *     events.events.k8s.io}): objects nobody owns and that change all the time
 * @param resyncPeriod how often discovery is read again to watch new resources and drop gone ones
 */
public record GarbageCollectorConfig(int deleteWorkers, int orphanWorkers, Set<String> ignoredResources, Duration resyncPeriod) {

  /** Upstream's ignored resources: core and events.k8s.io Events. */
  public static final Set<String> DEFAULT_IGNORED = Set.of("events", "events.events.k8s.io");

  public GarbageCollectorConfig {
    if (deleteWorkers < 1 || orphanWorkers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    ignoredResources = Set.copyOf(ignoredResources);
    if (resyncPeriod.isNegative() || resyncPeriod.isZero()) {
      throw new IllegalArgumentException("resyncPeriod must be positive");
    }
  }

  public static GarbageCollectorConfig defaults() {
    return new GarbageCollectorConfig(5, 2, DEFAULT_IGNORED, Duration.ofSeconds(30));
  }
}
