package dev.ketch.store.embedded;

import dev.ketch.store.StoreException;
import dev.ketch.store.Watch;
import dev.ketch.store.WatchListener;
import dev.ketch.store.WatchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Delivers committed events to watches.
 *
 * <p>The write loop {@link #publish}es the events of every commit into a bounded ring of recent
 * revisions and wakes the watches. Each watch pulls what it has not delivered yet on its own
 * virtual thread: from the ring when it is close behind, from the backend ({@link History}) when it
 * has fallen further back. A slow listener therefore delays only its own watch and never makes the
 * store hold more than the ring.
 */
final class WatchHub implements AutoCloseable {

  private final History history;
  private final LongSupplier committedRevision;
  private final LongSupplier compactRevision;
  private final RevisionRing recent;
  private final Set<HubWatch> watches = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean closed;

  WatchHub(
      History history,
      LongSupplier committedRevision,
      LongSupplier compactRevision,
      int maxRevisions,
      long maxWeight) {
    this.history = history;
    this.committedRevision = committedRevision;
    this.compactRevision = compactRevision;
    this.recent = new RevisionRing(maxRevisions, maxWeight);
  }

  /**
   * Write loop: adds the events of a commit. Must be called before the committed revision that
   * covers them is published, so a watch never sees a revision it cannot find.
   */
  void publish(List<RevisionEvents> committed) {
    if (committed.isEmpty()) {
      return;
    }
    synchronized (recent) {
      for (RevisionEvents r : committed) {
        recent.add(r);
      }
    }
  }

  /**
   * Write loop: the committed revision moved over {@code revisions}; wakes the watches that accept
   * one of their events and moves the idle others past them.
   */
  void committed(List<RevisionEvents> revisions) {
    if (revisions.isEmpty()) {
      return;
    }
    long first = revisions.getFirst().revision();
    long last = revisions.getLast().revision();
    for (HubWatch w : watches) {
      w.committed(first, last, revisions);
    }
  }

  /** The events of revisions {@code from}..{@code to}, or null if the ring no longer holds them all. */
  List<RevisionEvents> recent(long from, long to) {
    synchronized (recent) {
      return recent.range(from, to);
    }
  }

  Watch open(WatchRequest request, WatchListener listener) {
    if (closed) {
      throw new StoreException.UnavailableException("the store is closed", null);
    }
    long start = request.startRevision() > 0 ? request.startRevision() : committedRevision.getAsLong() + 1;
    HubWatch watch = new HubWatch(this, ids.incrementAndGet(), request, start, listener);
    watches.add(watch);
    watch.start();
    return watch;
  }

  void remove(HubWatch watch) {
    watches.remove(watch);
  }

  long committedRevision() {
    return committedRevision.getAsLong();
  }

  long compactRevision() {
    return compactRevision.getAsLong();
  }

  History history() {
    return history;
  }

  int watchCount() {
    return watches.size();
  }

  @Override
  public void close() {
    closed = true;
    StoreException cause = new StoreException.UnavailableException("the store is closed", null);
    List<HubWatch> all = new ArrayList<>(watches);
    for (HubWatch w : all) {
      w.end(cause);
    }
    for (HubWatch w : all) {
      w.awaitEnd();
    }
  }
}
