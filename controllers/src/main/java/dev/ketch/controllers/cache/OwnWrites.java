package dev.ketch.controllers.cache;

import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The writes a controller made that its informer has not delivered yet, as upstream's
 * endpoint-slice tracker: while one is pending, the cache is older than the controller's own
 * work, and acting on it could undo or repeat that work (create a second slice, write an old
 * list back). It also tells the controller's handlers which events are only the echo of its own
 * writes, which need no new pass.
 *
 * <p>Each write is recorded under its owner's key (e.g. the Service) and the written object's
 * key, with the resourceVersion the API answered (or as a deletion). Informer events of the same
 * object, delivered in order, clear it; a write whose event arrived before the API's answer is
 * not recorded at all. Thread-safe.
 *
 * @param <K> the owner key type
 */
public final class OwnWrites<K> {

  private static final String DELETED = "";

  /** How long a write may stay unseen before it is taken as lost (an update the server found to change nothing sends no event). */
  public static final Duration PATIENCE = Duration.ofSeconds(30);

  private record Pending<K>(K owner, String resourceVersion, long at) {}

  private final Clock clock;
  private final Map<String, Pending<K>> pending = new HashMap<>();
  private final Map<K, Integer> pendingByOwner = new HashMap<>();
  // What the informer last delivered of each object: a write answered after its own event arrived
  // is already seen.
  private final Map<String, String> lastSeen = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 16_384;
    }
  };

  public OwnWrites(Clock clock) {
    this.clock = clock;
  }

  /**
   * Records that {@code written} (as the API answered a create or update) was written for {@code
   * owner}; {@code previousResourceVersion} is the version it replaced (null for a create). An
   * update that left the version as it was changed nothing and brings no event: not recorded.
   */
  public synchronized void wrote(K owner, String previousResourceVersion, HasMetadata written) {
    String rv = Objects.requireNonNull(written.getMetadata().getResourceVersion(), "resourceVersion");
    if (rv.equals(previousResourceVersion) || rv.equals(lastSeen.get(key(written)))) {
      return;
    }
    put(owner, key(written), rv);
  }

  /** Records that the object {@code objectKey} was deleted for {@code owner}. */
  public synchronized void deleted(K owner, String objectKey) {
    if (DELETED.equals(lastSeen.get(objectKey))) {
      return;
    }
    put(owner, objectKey, DELETED);
  }

  private void put(K owner, String objectKey, String rv) {
    Pending<K> old = pending.put(objectKey, new Pending<>(owner, rv, clock.nanoTime()));
    if (old != null) {
      decrement(old.owner());
    }
    pendingByOwner.merge(owner, 1, Integer::sum);
  }

  /**
   * Notes an informer event of {@code object} ({@code deleted} for a delete event). Returns true
   * if the event is the echo of this controller's own latest write of it.
   */
  public synchronized boolean observe(HasMetadata object, boolean deleted) {
    String key = key(object);
    lastSeen.put(key, deleted ? DELETED : object.getMetadata().getResourceVersion());
    Pending<K> p = pending.get(key);
    if (p == null) {
      return false;
    }
    pending.remove(key);
    decrement(p.owner());
    return deleted ? DELETED.equals(p.resourceVersion()) : p.resourceVersion().equals(object.getMetadata().getResourceVersion());
  }

  /** True while a write made for {@code owner} has not been seen by the informer. */
  public synchronized boolean pending(K owner) {
    if (pendingByOwner.getOrDefault(owner, 0) == 0) {
      return false;
    }
    long now = clock.nanoTime();
    var it = pending.values().iterator();
    while (it.hasNext()) {
      Pending<K> p = it.next();
      if (p.owner().equals(owner) && now - p.at() > PATIENCE.toNanos()) {
        it.remove();
        decrement(owner);
      }
    }
    return pendingByOwner.getOrDefault(owner, 0) > 0;
  }

  /** Forgets the writes of {@code owner} (e.g. when it is deleted). */
  public synchronized void forget(K owner) {
    pending.values().removeIf(p -> p.owner().equals(owner));
    pendingByOwner.remove(owner);
  }

  private void decrement(K owner) {
    pendingByOwner.computeIfPresent(owner, (k, n) -> n <= 1 ? null : n - 1);
  }

  private static String key(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return ns == null || ns.isEmpty() ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
  }

  /** {@code namespace/name}, as {@link #deleted} expects. */
  public static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
