package dev.ketch.store.embedded;

import dev.ketch.store.Bytes;
import dev.ketch.store.KeyRange;
import dev.ketch.store.KeyValue;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.RangeRequest.SortOrder;
import dev.ketch.store.RangeRequest.SortTarget;
import dev.ketch.store.RangeResponse;
import dev.ketch.store.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The store as it was at one revision: the index filtered to that revision plus the stored changes.
 *
 * <p>Readers outside the write loop use committed revisions; the write loop uses a view at the
 * revision it is building, so a transaction sees its own earlier writes.
 */
final class ReadView {

  private final TreeIndex index;
  private final long atRev;
  private final ChangeLoader loader;
  private final LongSupplier compactRevision;

  ReadView(TreeIndex index, long atRev, ChangeLoader loader, LongSupplier compactRevision) {
    this.index = index;
    this.atRev = atRev;
    this.loader = loader;
    this.compactRevision = compactRevision;
  }

  long revision() {
    return atRev;
  }

  /** The key at this revision, or null. */
  KeyValue get(Bytes key) {
    KeyIndex.Found found = index.get(key, atRev);
    return found == null ? null : load(found);
  }

  /** Every key of the range at this revision, in key order. */
  List<KeyValue> getAll(KeyRange range) {
    List<KeyIndex.Found> founds = new ArrayList<>();
    index.range(range, atRev, (k, f) -> founds.add(f));
    List<KeyValue> out = new ArrayList<>(founds.size());
    for (KeyIndex.Found f : founds) {
      out.add(load(f));
    }
    return out;
  }

  /**
   * Serves a range request the way etcd does: the limit is applied after filters and sorting, one
   * key beyond the limit tells whether there is {@code more}, and {@code count} is the number of
   * keys in the range regardless of limit and filters.
   *
   * @param headerRevision the revision reported in the response (the store's current revision)
   */
  RangeResponse range(RangeRequest r, long headerRevision) {
    boolean sorted = r.sortOrder() != SortOrder.NONE;
    boolean filtered = r.hasRevisionFilters();
    long fetchLimit = (r.limit() <= 0 || sorted || filtered) ? Long.MAX_VALUE : r.limit() + 1;
    List<KeyIndex.Found> founds = new ArrayList<>();
    long[] count = {0};
    index.range(
        r.range(),
        atRev,
        (k, f) -> {
          count[0]++;
          if (!r.countOnly() && founds.size() < fetchLimit) {
            founds.add(f);
          }
          return true;
        });
    if (r.countOnly()) {
      return new RangeResponse(headerRevision, List.of(), false, count[0]);
    }
    List<KeyValue> kvs = new ArrayList<>(founds.size());
    for (KeyIndex.Found f : founds) {
      KeyValue kv = load(f);
      if (passesFilters(r, kv)) {
        kvs.add(r.keysOnly() ? kv.withoutValue() : kv);
      }
    }
    sort(kvs, r);
    boolean more = false;
    if (r.limit() > 0 && kvs.size() > r.limit()) {
      kvs = kvs.subList(0, (int) r.limit());
      more = true;
    }
    return new RangeResponse(headerRevision, kvs, more, count[0]);
  }

  private static boolean passesFilters(RangeRequest r, KeyValue kv) {
    return (r.minModRevision() <= 0 || kv.modRevision() >= r.minModRevision())
        && (r.maxModRevision() <= 0 || kv.modRevision() <= r.maxModRevision())
        && (r.minCreateRevision() <= 0 || kv.createRevision() >= r.minCreateRevision())
        && (r.maxCreateRevision() <= 0 || kv.createRevision() <= r.maxCreateRevision());
  }

  private static void sort(List<KeyValue> kvs, RangeRequest r) {
    SortOrder order = r.sortOrder();
    // etcd sorts ascending when a target other than the key is named without an order.
    if (order == SortOrder.NONE && r.sortTarget() != SortTarget.KEY) {
      order = SortOrder.ASCEND;
    }
    if (order == SortOrder.NONE || (order == SortOrder.ASCEND && r.sortTarget() == SortTarget.KEY)) {
      return;
    }
    Comparator<KeyValue> cmp =
        switch (r.sortTarget()) {
          case KEY -> Comparator.comparing(KeyValue::key);
          case VERSION -> Comparator.comparingLong(KeyValue::version);
          case CREATE -> Comparator.comparingLong(KeyValue::createRevision);
          case MOD -> Comparator.comparingLong(KeyValue::modRevision);
          case VALUE -> Comparator.comparing(KeyValue::value);
        };
    kvs.sort(order == SortOrder.DESCEND ? cmp.reversed() : cmp);
  }

  private KeyValue load(KeyIndex.Found found) {
    StoredChange change = loader.load(found.revision());
    if (change == null || change.tombstone()) {
      // Only compaction removes a change the index still named when the read began.
      throw new StoreException.CompactedException(compactRevision.getAsLong());
    }
    return change.kv();
  }
}
