package dev.ketch.store;

import java.util.Objects;

/**
 * A subscription to the changes of a range of keys, as etcd's {@code WatchCreateRequest}.
 *
 * @param range the keys watched
 * @param startRevision the first revision to deliver; 0 or less means "changes after now"
 * @param prevKv deliver each event with the key as it was before
 * @param noPut leave out puts
 * @param noDelete leave out deletions
 */
public record WatchRequest(
    KeyRange range, long startRevision, boolean prevKv, boolean noPut, boolean noDelete) {

  public WatchRequest {
    Objects.requireNonNull(range, "range");
  }

  public static WatchRequest of(KeyRange range) {
    return new WatchRequest(range, 0, false, false, false);
  }

  public WatchRequest fromRevision(long revision) {
    return new WatchRequest(range, revision, prevKv, noPut, noDelete);
  }

  public WatchRequest withPrevKv() {
    return new WatchRequest(range, startRevision, true, noPut, noDelete);
  }

  public WatchRequest withoutPuts() {
    return new WatchRequest(range, startRevision, prevKv, true, noDelete);
  }

  public WatchRequest withoutDeletes() {
    return new WatchRequest(range, startRevision, prevKv, noPut, true);
  }

  /** Whether this watch delivers {@code event}. */
  public boolean accepts(Event event) {
    if (!range.contains(event.kv().key())) {
      return false;
    }
    return switch (event.type()) {
      case PUT -> !noPut;
      case DELETE -> !noDelete;
    };
  }
}
