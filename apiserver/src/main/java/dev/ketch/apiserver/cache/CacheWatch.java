package dev.ketch.apiserver.cache;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client watch served from a {@link WatchCache}. Events are queued by the cache's dispatch
 * (never blocking it) and sent by the watch's own virtual thread. A client too slow to keep up
 * overflows its queue and is ended; it resumes from the last resourceVersion it saw, as clients
 * do when a watch ends.
 */
public final class CacheWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CacheWatch.class);
  private static final WatchEvent END = new WatchEvent(WatchEvent.Type.BOOKMARK, null, -1);

  private final WatchFilter filter;
  private final boolean bookmarks;
  private final WatchSink sink;
  private final ArrayBlockingQueue<WatchEvent> queue;
  private final Consumer<CacheWatch> onEnd;
  private volatile boolean ended;
  private Thread thread;

  CacheWatch(WatchFilter filter, boolean bookmarks, WatchSink sink, int capacity, Consumer<CacheWatch> onEnd) {
    this.filter = filter;
    this.bookmarks = bookmarks;
    this.sink = sink;
    this.queue = new ArrayBlockingQueue<>(capacity + 1);
    this.onEnd = onEnd;
  }

  WatchFilter filter() {
    return filter;
  }

  boolean wantsBookmarks() {
    return bookmarks;
  }

  /** Queues an event; ends the watch if the client has fallen too far behind. Never blocks. */
  void offer(WatchEvent event) {
    if (ended) {
      return;
    }
    if (!queue.offer(event)) {
      log.info("watch too slow; ending it queued={}", queue.size());
      end();
    }
  }

  void start(String name) {
    thread = Thread.ofVirtual().name(name).start(this::run);
  }

  private void run() {
    try {
      while (true) {
        WatchEvent e = queue.poll(1, TimeUnit.SECONDS);
        if (e == END || (e == null && ended)) {
          return;
        }
        if (e != null) {
          sink.send(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The client went away.
      log.debug("watch ended by its client", e);
    } finally {
      ended = true;
      onEnd.accept(this);
      sink.closed();
    }
  }

  /** Ends the watch promptly, dropping what is still queued. Idempotent. */
  void end() {
    if (!ended) {
      ended = true;
      queue.clear();
      queue.offer(END);
    }
  }

  public boolean isEnded() {
    return ended;
  }

  /** Stops the watch; the sink gets {@link WatchSink#closed()}. */
  @Override
  public void close() {
    end();
  }
}
