package dev.ketch.store.embedded;

import dev.ketch.store.Event;
import dev.ketch.store.Watch;
import dev.ketch.store.WatchListener;
import dev.ketch.store.WatchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch of the embedded store. Owns one virtual thread that pulls events past its cursor and
 * hands them to the listener; the listener is only ever called from that thread.
 */
final class HubWatch implements Watch {

  private static final Logger log = LoggerFactory.getLogger(HubWatch.class);

  // Revisions handed over per pull; bounds the work between checks for closing and compaction.
  private static final int MAX_REVISIONS_PER_PULL = 1024;

  private final WatchHub hub;
  private final long id;
  private final WatchRequest request;
  private final long startRevision;
  private final WatchListener listener;
  private final AtomicBoolean progressRequested = new AtomicBoolean();
  // The next revision to deliver. Moved by the watch's thread after each delivery, and by the hub
  // past commits none of whose events this watch accepts, so an idle watch is neither woken nor
  // left behind the ring of recent revisions.
  private final java.util.concurrent.atomic.AtomicLong cursor;
  private volatile boolean closing;
  private volatile Throwable closeCause;
  private volatile Thread thread;

  HubWatch(WatchHub hub, long id, WatchRequest request, long startRevision, WatchListener listener) {
    this.hub = hub;
    this.id = id;
    this.request = request;
    this.startRevision = startRevision;
    this.listener = listener;
    this.cursor = new java.util.concurrent.atomic.AtomicLong(startRevision);
  }

  /**
   * A commit of revisions {@code first}..{@code last} happened. Wakes the watch if it accepts one
   * of the events; otherwise, if it was waiting for exactly these revisions, moves it past them.
   */
  void committed(long first, long last, List<RevisionEvents> revisions) {
    for (RevisionEvents r : revisions) {
      for (Event e : r.events()) {
        if (request.accepts(e)) {
          wake();
          return;
        }
      }
    }
    if (!cursor.compareAndSet(first, last + 1)) {
      // Busy with older revisions: it will read these itself.
      wake();
    }
  }

  void start() {
    Thread t = Thread.ofVirtual().name("ketch-store-watch-" + id).unstarted(this::run);
    thread = t;
    t.start();
  }

  @Override
  public long startRevision() {
    return startRevision;
  }

  @Override
  public void requestProgress() {
    progressRequested.set(true);
    wake();
  }

  @Override
  public void close() {
    end(null);
  }

  void end(Throwable cause) {
    if (!closing) {
      closeCause = cause;
      closing = true;
    }
    wake();
  }

  void wake() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  void awaitEnd() {
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    boolean ended = false;
    try {
      ended = deliver();
    } catch (RuntimeException | Error e) {
      log.warn("watch failed watch={} range={}", id, request.range(), e);
      closeCause = e;
    } finally {
      hub.remove(this);
      if (!ended) {
        listener.onClosed(closeCause);
      }
    }
  }

  /** Delivers until closed or compacted; returns true if the listener was already told the end. */
  private boolean deliver() {
    while (!closing) {
      long next = cursor.get();
      long latest = hub.committedRevision();
      if (next > latest) {
        if (progressRequested.getAndSet(false)) {
          listener.onProgress(latest);
          continue;
        }
        LockSupport.park(this);
        continue;
      }
      if (next < hub.compactRevision()) {
        listener.onCompacted(hub.compactRevision());
        return true;
      }
      // The hub only skips revisions with nothing for this watch, so a skip during this pull
      // loses nothing: whichever advance wins, every accepted event is delivered once.
      long to = Math.min(latest, next + MAX_REVISIONS_PER_PULL - 1);
      List<RevisionEvents> revisions = hub.recent(next, to);
      if (revisions == null) {
        History.Chunk chunk = hub.history().read(next, to, request.prevKv());
        if (next < hub.compactRevision()) {
          // Compaction overtook the read: what was read may have gaps.
          continue;
        }
        revisions = chunk.revisions();
        to = chunk.coveredTo();
      }
      List<Event> out = select(revisions);
      if (!out.isEmpty() && !closing) {
        listener.onEvents(out);
      }
      cursor.compareAndSet(next, to + 1);
    }
    return false;
  }

  private List<Event> select(List<RevisionEvents> revisions) {
    List<Event> out = new ArrayList<>();
    for (RevisionEvents r : revisions) {
      for (Event e : r.events()) {
        if (request.accepts(e)) {
          out.add(request.prevKv() ? e : e.withoutPrevKv());
        }
      }
    }
    return out;
  }
}
