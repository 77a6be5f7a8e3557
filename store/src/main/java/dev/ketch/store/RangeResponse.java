package dev.ketch.store;

import java.util.List;

/**
 * @param revision the store's current revision when the read was served, as etcd's response
 *     header carries it, also for reads of an older revision
 * @param kvs the keys read, empty for count-only reads
 * @param more true if the limit cut the result short
 * @param count the number of keys in the range at the revision read, regardless of the limit and
 *     of revision filters
 */
public record RangeResponse(long revision, List<KeyValue> kvs, boolean more, long count)
    implements OpResponse {

  public RangeResponse {
    kvs = List.copyOf(kvs);
  }

  /** The only key read, or null when the range held none. */
  public KeyValue single() {
    return kvs.isEmpty() ? null : kvs.getFirst();
  }
}
