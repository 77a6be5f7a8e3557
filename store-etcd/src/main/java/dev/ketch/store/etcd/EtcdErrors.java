package dev.ketch.store.etcd;

import dev.ketch.store.StoreException;
import io.grpc.Status;

/**
 * Turns etcd's gRPC errors into {@link StoreException}s. Stateless.
 *
 * <p>etcd tells its errors apart by message text, not by status code (several share {@code
 * INVALID_ARGUMENT} or {@code OUT_OF_RANGE}), and its own client matches them the same way. The
 * messages are those of etcd's {@code rpctypes} package.
 */
final class EtcdErrors {

  static final String COMPACTED = "required revision has been compacted";
  private static final String FUTURE_REVISION = "required revision is a future revision";
  private static final String LEASE_NOT_FOUND = "requested lease not found";
  private static final String LEASE_EXISTS = "lease already exists";
  private static final String REQUEST_TOO_LARGE = "request is too large";
  // gRPC's own refusal, before etcd sees the request, when it exceeds etcd's receive limit.
  private static final String MESSAGE_TOO_LARGE = "larger than max";

  private EtcdErrors() {}

  /** True if {@code status} is etcd's answer for a revision removed by compaction. */
  static boolean isCompacted(Status status) {
    return message(status).contains(COMPACTED);
  }

  /**
   * The store exception for a failed call. Compaction errors are not handled here: the caller finds
   * the compaction revision first (see {@link #isCompacted}).
   */
  static StoreException translate(Status status, Throwable cause) {
    String message = message(status);
    if (message.contains(FUTURE_REVISION)) {
      return new StoreException.FutureRevisionException();
    }
    if (message.contains(LEASE_NOT_FOUND)) {
      return new StoreException.LeaseNotFoundException();
    }
    if (message.contains(LEASE_EXISTS)) {
      return new StoreException.LeaseExistsException();
    }
    if (message.contains(REQUEST_TOO_LARGE)
        || (status.getCode() == Status.Code.RESOURCE_EXHAUSTED
            && message.contains(MESSAGE_TOO_LARGE))) {
      return new StoreException.RequestTooLargeException();
    }
    return switch (status.getCode()) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE ->
          new StoreException.InvalidRequestException(message);
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED ->
          new StoreException.UnavailableException("etcd: " + message, cause);
      default -> new StoreException("etcd: " + message, cause);
    };
  }

  private static String message(Status status) {
    String description = status.getDescription();
    return description == null ? status.getCode().toString() : description;
  }
}
