package dev.ketch.store.grpc.internal;

import dev.ketch.store.StoreException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The gRPC errors of etcd's v3 API, with etcd's codes and messages, so that etcd's clients turn
 * them back into their own typed errors and etcdctl prints the same text as against etcd.
 */
public final class EtcdErrors {

  public static final String COMPACTED = "etcdserver: mvcc: required revision has been compacted";
  public static final String FUTURE_REVISION =
      "etcdserver: mvcc: required revision is a future revision";
  public static final String DUPLICATE_WATCH_ID =
      "mvcc: duplicate watch ID provided on the WatchStream";

  private EtcdErrors() {}

  public static StatusRuntimeException emptyKey() {
    return error(Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
  }

  public static StatusRuntimeException keyNotFound() {
    return error(Status.Code.INVALID_ARGUMENT, "etcdserver: key not found");
  }

  public static StatusRuntimeException valueProvided() {
    return error(Status.Code.INVALID_ARGUMENT, "etcdserver: value is provided");
  }

  public static StatusRuntimeException leaseProvided() {
    return error(Status.Code.INVALID_ARGUMENT, "etcdserver: lease is provided");
  }

  public static StatusRuntimeException tooManyOps() {
    return error(Status.Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request");
  }

  public static StatusRuntimeException duplicateKey() {
    return error(Status.Code.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request");
  }

  public static StatusRuntimeException requestTooLarge() {
    return error(Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large");
  }

  public static StatusRuntimeException compacted() {
    return error(Status.Code.OUT_OF_RANGE, COMPACTED);
  }

  public static StatusRuntimeException futureRevision() {
    return error(Status.Code.OUT_OF_RANGE, FUTURE_REVISION);
  }

  public static StatusRuntimeException leaseNotFound() {
    return error(Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
  }

  public static StatusRuntimeException leaseExists() {
    return error(Status.Code.FAILED_PRECONDITION, "etcdserver: lease already exists");
  }

  public static StatusRuntimeException leaseTtlTooLarge() {
    return error(Status.Code.OUT_OF_RANGE, "etcdserver: too large lease TTL");
  }

  /** A request that etcd's own clients never send, such as an unknown enum value. */
  public static StatusRuntimeException invalid(String message) {
    return error(Status.Code.INVALID_ARGUMENT, message);
  }

  /**
   * The gRPC error for a store failure. Unknown failures become {@code Unknown} with their message,
   * as etcd reports errors it has no code for.
   */
  public static StatusRuntimeException of(StoreException e) {
    return switch (e) {
      case StoreException.CompactedException c -> compacted();
      case StoreException.FutureRevisionException f -> futureRevision();
      case StoreException.LeaseNotFoundException l -> leaseNotFound();
      case StoreException.LeaseExistsException l -> leaseExists();
      case StoreException.RequestTooLargeException r -> requestTooLarge();
      case StoreException.InvalidRequestException i ->
          error(Status.Code.INVALID_ARGUMENT, i.getMessage());
      case StoreException.UnavailableException u -> error(Status.Code.UNAVAILABLE, u.getMessage());
      default -> error(Status.Code.UNKNOWN, e.getMessage());
    };
  }

  /**
   * The text etcd puts in a watch's cancel reason for a failure: the message its clients show.
   */
  public static String cancelReason(Throwable cause) {
    if (cause instanceof StoreException e) {
      return of(e).getStatus().getDescription();
    }
    return String.valueOf(cause.getMessage());
  }

  private static StatusRuntimeException error(Status.Code code, String message) {
    return code.toStatus().withDescription(message).asRuntimeException();
  }
}
