package dev.ketch.store;

/**
 * A request the store refused or could not serve. The subclasses name the cases a caller handles
 * differently; their messages are etcd's, so that clients of the etcd endpoint see familiar text.
 */
public class StoreException extends RuntimeException {

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The revision asked for has been removed by compaction. */
  public static final class CompactedException extends StoreException {
    private final long compactRevision;

    public CompactedException(long compactRevision) {
      super("mvcc: required revision has been compacted");
      this.compactRevision = compactRevision;
    }

    public long compactRevision() {
      return compactRevision;
    }
  }

  /** The revision asked for has not been written yet. */
  public static final class FutureRevisionException extends StoreException {
    public FutureRevisionException() {
      super("mvcc: required revision is a future revision");
    }
  }

  /** The lease does not exist (never granted, revoked or expired). */
  public static final class LeaseNotFoundException extends StoreException {
    public LeaseNotFoundException() {
      super("etcdserver: requested lease not found");
    }
  }

  /** A lease with the requested id exists already. */
  public static final class LeaseExistsException extends StoreException {
    public LeaseExistsException() {
      super("etcdserver: lease already exists");
    }
  }

  /** The lease time to live asked for exceeds the maximum. */
  public static final class LeaseTtlTooLargeException extends StoreException {
    public LeaseTtlTooLargeException() {
      super("etcdserver: too large lease TTL");
    }
  }

  /** The request exceeds the size limit. */
  public static final class RequestTooLargeException extends StoreException {
    public RequestTooLargeException() {
      super("etcdserver: request is too large");
    }
  }

  /** The request is malformed: an empty key, a key written twice in a transaction, and so on. */
  public static final class InvalidRequestException extends StoreException {
    public InvalidRequestException(String message) {
      super(message);
    }
  }

  /** The store is closed or cannot reach its storage. */
  public static final class UnavailableException extends StoreException {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
