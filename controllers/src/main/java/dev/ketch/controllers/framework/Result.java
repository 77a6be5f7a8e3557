package dev.ketch.controllers.framework;

import java.time.Duration;
import java.util.Objects;

/** What a worker does with a key after {@link Reconciler#reconcile}. */
public sealed interface Result {

  /** Done: the key's failure history is forgotten; it comes back only when an event adds it. */
  static Result done() {
    return Done.INSTANCE;
  }

  /** Look again after {@code delay} (e.g. a grace period), keeping the failure history. */
  static Result requeueAfter(Duration delay) {
    return new RequeueAfter(delay);
  }

  /** Look again after the rate-limited back-off, without this being an error. */
  static Result requeue() {
    return Requeue.INSTANCE;
  }

  /** See {@link #done()}. */
  enum Done implements Result {
    INSTANCE
  }

  /** See {@link #requeue()}. */
  enum Requeue implements Result {
    INSTANCE
  }

  /** See {@link #requeueAfter}. */
  record RequeueAfter(Duration delay) implements Result {
    public RequeueAfter {
      Objects.requireNonNull(delay, "delay");
    }
  }
}
