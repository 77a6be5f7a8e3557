package dev.ketch.store;

import java.util.Objects;

/**
 * A deletion of the keys in a range, as etcd's {@code DeleteRangeRequest}. Each deleted key leaves
 * a tombstone at the deletion's revision, visible to watchers and to reads of older revisions.
 *
 * @param range the keys to delete
 * @param prevKv return the deleted keys
 */
public record DeleteRangeRequest(KeyRange range, boolean prevKv) implements Op {

  public DeleteRangeRequest {
    Objects.requireNonNull(range, "range");
  }

  public static DeleteRangeRequest of(KeyRange range) {
    return new DeleteRangeRequest(range, false);
  }

  public static DeleteRangeRequest key(String key) {
    return of(KeyRange.single(key));
  }

  public DeleteRangeRequest withPrevKv() {
    return new DeleteRangeRequest(range, true);
  }
}
