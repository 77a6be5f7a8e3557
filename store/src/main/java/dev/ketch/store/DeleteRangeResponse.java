package dev.ketch.store;

import java.util.List;

/**
 * @param revision the revision of the deletion, or the current revision if nothing was deleted
 * @param deleted the number of keys deleted
 * @param prevKvs the deleted keys as they were, when asked for
 */
public record DeleteRangeResponse(long revision, long deleted, List<KeyValue> prevKvs)
    implements OpResponse {

  public DeleteRangeResponse {
    prevKvs = List.copyOf(prevKvs);
  }
}
