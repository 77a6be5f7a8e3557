package dev.ketch.apiserver.registry.allocation;

/**
 * An allocator could not hand out what was asked, with Kubernetes' wording ({@code provided IP is
 * already allocated}, {@code range is full}, …).
 */
public final class AllocationException extends Exception {

  /** Why the allocation failed. */
  public enum Kind {
    /** The requested value lies outside the allocator's range. */
    NOT_IN_RANGE,
    /** The requested value is in use. */
    ALREADY_ALLOCATED,
    /** Nothing is free. */
    FULL
  }

  private final Kind kind;

  public AllocationException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
