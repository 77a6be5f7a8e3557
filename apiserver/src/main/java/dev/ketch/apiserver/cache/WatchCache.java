package dev.ketch.apiserver.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.storage.ObjectCodec;
import dev.ketch.apiserver.storage.ObjectStorage;
import dev.ketch.apiserver.storage.ResourceStorage;
import dev.ketch.apiserver.storage.StorageConversion;
import dev.ketch.apiserver.storage.StoredObject;
import dev.ketch.store.Bytes;
import dev.ketch.store.Event;
import dev.ketch.store.KeyRange;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.Watch;
import dev.ketch.store.WatchListener;
import dev.ketch.store.WatchRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects of one resource kept in memory and kept current by one store watch, as
 * kube-apiserver's watch cache: lists are served from it, and every client watch of the resource
 * is fed from it, so thousands of watchers cost the store one watch.
 *
 * <p>It keeps the current objects and a bounded history of recent events. A watch from a
 * resourceVersion inside the history replays what followed; one from before it gets 410 Expired.
 * Reads that must be current (no resourceVersion) first wait until the cache has caught up with
 * the store's revision, asking the store for a progress notification when nothing of this
 * resource changed.
 *
 * <p>Thread-safety: events are applied by the store watch's thread; reads and watch registration
 * come from request threads; one lock orders them, so a new watch neither misses nor repeats an
 * event. Delivery to clients happens on each {@link CacheWatch}'s own thread.
 */
public final class WatchCache implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WatchCache.class);
  private static final Duration FRESHNESS_WAIT = Duration.ofSeconds(3);

  /** A snapshot of matching objects at a resourceVersion. */
  public record Snapshot(List<CachedObject> items, long resourceVersion) {}

  private record HistoryEntry(WatchEvent.Type type, CachedObject object, CachedObject previous, long revision) {}

  private final ResourceType type;
  private final String prefix;
  private final KeyValueStore store;
  private final ObjectIndexer indexer;
  private final StorageConversion conversion;
  private final int historyCapacity;
  private final int watchQueueCapacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  private final TreeMap<String, CachedObject> objects = new TreeMap<>();
  private final ArrayDeque<HistoryEntry> history = new ArrayDeque<>();
  private final Set<CacheWatch> watches = ConcurrentHashMap.newKeySet();
  private final AtomicLong watchIds = new AtomicLong();
  private long resourceVersion;
  // Every event after this revision is in the history.
  private long historyStart;
  private Watch storeWatch;
  private Listener listener;
  private volatile boolean closed;

  public WatchCache(
      ResourceType type, String prefix, KeyValueStore store, ObjectIndexer indexer, int historyCapacity, int watchQueueCapacity) {
    this(type, prefix, store, StorageConversion.IDENTITY, indexer, historyCapacity, watchQueueCapacity);
  }

  /**
   * A cache of a resource whose objects are kept in another form: every object read from the
   * store is converted to the resource's form before it is indexed, listed or sent.
   */
  public WatchCache(
      ResourceType type, String prefix, KeyValueStore store, StorageConversion conversion, ObjectIndexer indexer,
      int historyCapacity, int watchQueueCapacity) {
    this.type = type;
    this.prefix = prefix;
    this.store = store;
    this.conversion = conversion;
    this.indexer = indexer;
    this.historyCapacity = historyCapacity;
    this.watchQueueCapacity = watchQueueCapacity;
  }

  public ResourceType type() {
    return type;
  }

  /** Lists the resource from the store and starts following it. */
  public void start() {
    lock.lock();
    try {
      load();
    } finally {
      lock.unlock();
    }
  }

  /** Holding the lock: (re)reads everything at one revision and watches from the next. */
  private void load() {
    ResourceStorage storage = new ResourceStorage(new ObjectStorage(store), conversion);
    long revision = 0;
    String next = null;
    objects.clear();
    do {
      ObjectStorage.Page page = storage.list(prefix, revision, next, 1000);
      revision = page.revision();
      for (StoredObject o : page.items()) {
        objects.put(o.key(), indexer.index(o.key(), o.object(), o.resourceVersion()));
      }
      next = page.more() ? page.items().getLast().key() + "\u0000" : null;
    } while (next != null);
    resourceVersion = revision;
    historyStart = revision;
    history.clear();
    long from = revision + 1;
    listener = new Listener();
    storeWatch = store.watch(WatchRequest.of(KeyRange.prefix(Bytes.of(prefix))).fromRevision(from).withPrevKv(), listener);
    log.info("watch cache started resource={} objects={} resourceVersion={}", type, objects.size(), revision);
  }

  private final class Listener implements WatchListener {
    @Override
    public void onEvents(List<Event> events) {
      lock.lock();
      try {
        if (listener != this) {
          return; // a store watch the cache has replaced
        }
        for (Event e : events) {
          apply(e);
        }
        advanced.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onProgress(long revision) {
      lock.lock();
      try {
        if (revision > resourceVersion) {
          resourceVersion = revision;
        }
        advanced.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onCompacted(long compactRevision) {
      restart(this, "the cache fell behind a compaction at " + compactRevision);
    }

    @Override
    public void onClosed(Throwable cause) {
      if (!closed) {
        restart(this, "its store watch ended: " + cause);
      }
    }
  }

  /** Holding the lock: applies one store event and hands it to the watches. */
  private void apply(Event e) {
    String key = e.kv().key().toStringUtf8();
    long revision = e.revision();
    HistoryEntry entry;
    if (e.type() == Event.Type.PUT) {
      ObjectNode tree = decode(e.kv().value().unsafeArray(), revision);
      CachedObject current = indexer.index(key, tree, revision);
      CachedObject previous = objects.put(key, current);
      entry = new HistoryEntry(previous == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED, current, previous, revision);
    } else {
      CachedObject previous = objects.remove(key);
      if (previous == null) {
        if (e.prevKv() == null) {
          return;
        }
        previous = indexer.index(key, decode(e.prevKv().value().unsafeArray(), e.prevKv().modRevision()), e.prevKv().modRevision());
      }
      entry = new HistoryEntry(WatchEvent.Type.DELETED, atRevision(previous, revision), previous, revision);
    }
    history.addLast(entry);
    while (history.size() > historyCapacity) {
      historyStart = history.removeFirst().revision();
    }
    resourceVersion = revision;
    for (CacheWatch w : watches) {
      WatchEvent event = eventFor(entry, w.filter());
      if (event != null) {
        w.offer(event);
      }
    }
  }

  /** A stored value in the resource's form, with its resourceVersion. */
  private ObjectNode decode(byte[] stored, long revision) {
    ObjectNode tree = ObjectCodec.decode(stored, revision);
    if (conversion.isIdentity()) {
      return tree;
    }
    ObjectNode converted = conversion.fromStorage(tree);
    ObjectCodec.setResourceVersion(converted, revision);
    return converted;
  }

  /** The object's content with another resourceVersion, as DELETED events carry it. */
  private CachedObject atRevision(CachedObject object, long revision) {
    ObjectNode tree = object.tree();
    ObjectCodec.setResourceVersion(tree, revision);
    return new CachedObject(object.key(), object.namespace(), object.name(), revision, Json.bytes(tree), object.labels(), object.fields());
  }

  /**
   * What a watch with {@code filter} sees of an event: an object that starts matching is ADDED, one
   * that stops matching is DELETED (with its previous content), as kube-apiserver's cache does.
   */
  private WatchEvent eventFor(HistoryEntry entry, WatchFilter filter) {
    return switch (entry.type()) {
      case ADDED -> filter.matches(entry.object()) ? new WatchEvent(WatchEvent.Type.ADDED, entry.object(), entry.revision()) : null;
      case DELETED -> filter.matches(entry.previous()) ? new WatchEvent(WatchEvent.Type.DELETED, entry.object(), entry.revision()) : null;
      case MODIFIED -> {
        boolean now = filter.matches(entry.object());
        boolean before = filter.matches(entry.previous());
        if (now) {
          yield new WatchEvent(before ? WatchEvent.Type.MODIFIED : WatchEvent.Type.ADDED, entry.object(), entry.revision());
        }
        yield before ? new WatchEvent(WatchEvent.Type.DELETED, atRevision(entry.previous(), entry.revision()), entry.revision()) : null;
      }
      case BOOKMARK -> null;
    };
  }

  private void restart(Listener from, String why) {
    lock.lock();
    try {
      if (closed || from != listener) {
        return;
      }
      log.warn("watch cache restarting resource={} reason={}", type, why);
      if (storeWatch != null) {
        storeWatch.close();
      }
      // Watchers resume from their last resourceVersion, or relist if it is gone.
      watches.forEach(CacheWatch::end);
      load();
    } catch (RuntimeException e) {
      log.error("watch cache restart failed resource={}", type, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the cache reflects the store at least up to {@code revision}.
   *
   * @throws StatusException 504 (ResourceVersionTooLarge) if it does not within a few seconds
   */
  public void awaitFresh(long revision) {
    lock.lock();
    try {
      if (resourceVersion >= revision) {
        return;
      }
      storeWatch.requestProgress();
      long deadline = System.nanoTime() + FRESHNESS_WAIT.toNanos();
      while (resourceVersion < revision) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw tooLarge(revision);
        }
        advanced.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
        if (resourceVersion < revision) {
          storeWatch.requestProgress();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StatusException.timeout("interrupted while waiting for the cache");
    } finally {
      lock.unlock();
    }
  }

  private StatusException tooLarge(long revision) {
    return new StatusException(
        Reason.TIMEOUT,
        "Too large resource version: " + revision + ", current: " + resourceVersion,
        type.group(), type.plural(), null,
        List.of(new Cause("ResourceVersionTooLarge", "Too large resource version", "")));
  }

  /** The matching objects, in key order, once the cache has caught up with {@code minRevision}. */
  public Snapshot list(WatchFilter filter, long minRevision) {
    awaitFresh(minRevision);
    lock.lock();
    try {
      String from = filter.namespace().isEmpty() || !type.namespaced() ? prefix : prefix + filter.namespace() + "/";
      List<CachedObject> out = new ArrayList<>();
      for (CachedObject o : objects.tailMap(from, true).values()) {
        if (!o.key().startsWith(from)) {
          break;
        }
        if (filter.matches(o)) {
          out.add(o);
        }
      }
      return new Snapshot(out, resourceVersion);
    } finally {
      lock.unlock();
    }
  }

  /** The object under {@code key} as the cache has it, or null. */
  public CachedObject get(String key, long minRevision) {
    awaitFresh(minRevision);
    lock.lock();
    try {
      return objects.get(key);
    } finally {
      lock.unlock();
    }
  }

  public long resourceVersion() {
    lock.lock();
    try {
      return resourceVersion;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts a client watch.
   *
   * @param fromRevision events after this resourceVersion are sent; -1 starts with a synthetic
   *     ADDED for every matching object, then follows
   * @param initialEventsEnd with initial events, end them with a BOOKMARK annotated
   *     {@code k8s.io/initial-events-end} (for clients that asked for sendInitialEvents)
   * @param bookmarks whether the client accepts BOOKMARK events
   * @throws StatusException 410 Expired if {@code fromRevision} is older than the history
   */
  public CacheWatch watch(
      WatchFilter filter, long fromRevision, boolean initialEventsEnd, boolean bookmarks, WatchSink sink) {
    if (fromRevision > 0) {
      awaitFresh(fromRevision);
    }
    lock.lock();
    try {
      CacheWatch w = new CacheWatch(filter, bookmarks, sink, watchQueueCapacity, watches::remove);
      if (fromRevision < 0) {
        for (CachedObject o : objects.values()) {
          if (filter.matches(o)) {
            w.offer(new WatchEvent(WatchEvent.Type.ADDED, o, o.resourceVersion()));
          }
        }
        if (initialEventsEnd) {
          w.offer(bookmark(resourceVersion, true));
        }
      } else {
        if (fromRevision < historyStart) {
          throw StatusException.expired("too old resource version: " + fromRevision + " (" + historyStart + ")");
        }
        for (HistoryEntry entry : history) {
          if (entry.revision() > fromRevision) {
            WatchEvent event = eventFor(entry, filter);
            if (event != null) {
              w.offer(event);
            }
          }
        }
      }
      watches.add(w);
      w.start("ketch-watch-" + type.plural() + "-" + watchIds.incrementAndGet());
      return w;
    } finally {
      lock.unlock();
    }
  }

  /** Sends every watch that accepts bookmarks a BOOKMARK at the cache's resourceVersion. */
  public void sendBookmarks() {
    lock.lock();
    try {
      WatchEvent b = bookmark(resourceVersion, false);
      for (CacheWatch w : watches) {
        if (w.wantsBookmarks()) {
          w.offer(b);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** A BOOKMARK event: an object of the watched kind with only its resourceVersion. */
  private WatchEvent bookmark(long revision, boolean initialEventsEnd) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("kind", type.kind());
    o.put("apiVersion", type.apiVersion());
    ObjectNode meta = o.putObject("metadata");
    meta.put("resourceVersion", Long.toString(revision));
    if (initialEventsEnd) {
      meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    CachedObject object = new CachedObject("", "", "", revision, Json.bytes(o), java.util.Map.of(), java.util.Map.of());
    return new WatchEvent(WatchEvent.Type.BOOKMARK, object, revision);
  }

  public int watchCount() {
    return watches.size();
  }

  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      if (storeWatch != null) {
        storeWatch.close();
      }
      watches.forEach(CacheWatch::end);
    } finally {
      lock.unlock();
    }
  }
}
