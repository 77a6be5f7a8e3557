package dev.ketch.controllers.podgc;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link PodGcController} runs.
 *
 * @param terminatedPodThreshold how many Succeeded and Failed pods may exist before the oldest are
 *     deleted; zero for no limit (--terminated-pod-gc-threshold, 12500)
 * @param period how often it looks (upstream's gcCheckPeriod, 20 s)
 * @param quarantine how long a pod's node must be missing before the pod is deleted (40 s)
 */
public record PodGcControllerConfig(int terminatedPodThreshold, Duration period, Duration quarantine) {

  public PodGcControllerConfig {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(quarantine, "quarantine");
    if (terminatedPodThreshold < 0) {
      throw new IllegalArgumentException("terminatedPodThreshold must not be negative");
    }
  }

  public static PodGcControllerConfig defaults() {
    return new PodGcControllerConfig(12500, Duration.ofSeconds(20), Duration.ofSeconds(40));
  }
}
