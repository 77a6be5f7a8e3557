package dev.ketch.scheduler.framework;

import java.time.Duration;

/**
 * A Permit plugin's decision.
 *
 * @param status success (go ahead), {@link Status.Code#WAIT} (hold the pod), or a rejection
 * @param timeout for WAIT, how long before the pod is rejected if nobody allows it
 */
public record PermitResult(Status status, Duration timeout) {

  public static PermitResult allow() {
    return new PermitResult(Status.success(), Duration.ZERO);
  }

  public static PermitResult waitFor(Duration timeout) {
    return new PermitResult(Status.waiting("waiting on permit"), timeout);
  }
}
