package dev.ketch.scheduler.internal;

import dev.ketch.scheduler.framework.FitError;
import dev.ketch.scheduler.framework.Status;

/**
 * Why a scheduling cycle found no node: a {@link FitError} (the pod fits nowhere) or an internal
 * error status.
 */
final class SchedulingFailure extends Exception {

  private static final long serialVersionUID = 1L;
  private final transient FitError fitError;
  private final transient Status status;

  private SchedulingFailure(String message, FitError fitError, Status status) {
    super(message, null, false, false);
    this.fitError = fitError;
    this.status = status;
  }

  static SchedulingFailure unfit(FitError e) {
    return new SchedulingFailure(e.message(), e, null);
  }

  static SchedulingFailure error(Status s) {
    return new SchedulingFailure(s.message(), null, s);
  }

  /** The fit error, or null for an internal error. */
  FitError fitError() {
    return fitError;
  }

  /** The error status, or null for a fit error. */
  Status status() {
    return status;
  }
}
