package dev.ketch.store;

import java.util.Objects;

/**
 * A read of the keys in a range, as etcd's {@code RangeRequest}.
 *
 * @param range the keys to read
 * @param revision the revision to read at; 0 or less means the current revision
 * @param limit the most keys to return; 0 means no limit
 * @param keysOnly return keys without values
 * @param countOnly return only the number of keys
 * @param sortOrder the order of the returned keys
 * @param sortTarget what to sort by
 * @param minModRevision skip keys modified before this revision (0: no bound)
 * @param maxModRevision skip keys modified after this revision (0: no bound)
 * @param minCreateRevision skip keys created before this revision (0: no bound)
 * @param maxCreateRevision skip keys created after this revision (0: no bound)
 */
public record RangeRequest(
    KeyRange range,
    long revision,
    long limit,
    boolean keysOnly,
    boolean countOnly,
    SortOrder sortOrder,
    SortTarget sortTarget,
    long minModRevision,
    long maxModRevision,
    long minCreateRevision,
    long maxCreateRevision)
    implements Op {

  public enum SortOrder {
    NONE,
    ASCEND,
    DESCEND
  }

  public enum SortTarget {
    KEY,
    VERSION,
    CREATE,
    MOD,
    VALUE
  }

  public RangeRequest {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(sortOrder, "sortOrder");
    Objects.requireNonNull(sortTarget, "sortTarget");
  }

  /** A read of {@code range} at the current revision, with every option at its default. */
  public static RangeRequest of(KeyRange range) {
    return new RangeRequest(range, 0, 0, false, false, SortOrder.NONE, SortTarget.KEY, 0, 0, 0, 0);
  }

  public static RangeRequest key(String key) {
    return of(KeyRange.single(key));
  }

  public static RangeRequest prefix(String prefix) {
    return of(KeyRange.prefix(prefix));
  }

  public RangeRequest atRevision(long rev) {
    return new RangeRequest(range, rev, limit, keysOnly, countOnly, sortOrder, sortTarget,
        minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withLimit(long max) {
    return new RangeRequest(range, revision, max, keysOnly, countOnly, sortOrder, sortTarget,
        minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withKeysOnly() {
    return new RangeRequest(range, revision, limit, true, countOnly, sortOrder, sortTarget,
        minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withCountOnly() {
    return new RangeRequest(range, revision, limit, keysOnly, true, sortOrder, sortTarget,
        minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest sortedBy(SortTarget target, SortOrder order) {
    return new RangeRequest(range, revision, limit, keysOnly, countOnly, order, target,
        minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withModRevisionBetween(long min, long max) {
    return new RangeRequest(range, revision, limit, keysOnly, countOnly, sortOrder, sortTarget,
        min, max, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withCreateRevisionBetween(long min, long max) {
    return new RangeRequest(range, revision, limit, keysOnly, countOnly, sortOrder, sortTarget,
        minModRevision, maxModRevision, min, max);
  }

  /**
   * True if the request filters by revision. etcd applies the filters before the limit (so {@code
   * more} tells whether more keys passed them) but not to {@code count}.
   */
  public boolean hasRevisionFilters() {
    return minModRevision > 0 || maxModRevision > 0 || minCreateRevision > 0 || maxCreateRevision > 0;
  }
}
