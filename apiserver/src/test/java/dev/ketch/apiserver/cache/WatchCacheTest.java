package dev.ketch.apiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.storage.ObjectKeys;
import dev.ketch.apiserver.storage.ObjectStorage;
import dev.ketch.apiserver.storage.StoredObject;
import dev.ketch.store.PutRequest;
import dev.ketch.store.embedded.EmbeddedStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchCacheTest {

  private static final ResourceCatalog CATALOG = ResourceCatalog.builtIn();
  private static final ResourceType PODS = CATALOG.byResource(GroupVersion.CORE_V1, "pods").orElseThrow();

  private final ObjectKeys keys = new ObjectKeys(CATALOG);
  private EmbeddedStore store;
  private ObjectStorage storage;
  private WatchCache cache;

  @BeforeEach
  void setUp() {
    store = EmbeddedStore.inMemory();
    storage = new ObjectStorage(store);
  }

  @AfterEach
  void tearDown() {
    if (cache != null) {
      cache.close();
    }
    store.close();
  }

  private WatchCache startCache(int history) {
    cache = new WatchCache(PODS, keys.prefix(PODS), store, ObjectIndexer.basic(), history, 100);
    cache.start();
    return cache;
  }

  private StoredObject create(String ns, String name, Map<String, String> labels) {
    ObjectNode pod = Json.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata").put("name", name).put("namespace", ns);
    labels.forEach(meta.putObject("labels")::put);
    return storage.create(keys.key(PODS, ns, name), pod);
  }

  private StoredObject relabel(StoredObject o, Map<String, String> labels) {
    ObjectNode pod = o.object().deepCopy();
    ObjectNode l = ((ObjectNode) pod.get("metadata")).putObject("labels");
    labels.forEach(l::put);
    return storage.update(o.key(), pod, o.resourceVersion());
  }

  private static final class Collector implements WatchSink {
    final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void send(WatchEvent event) {
      events.add(event);
    }

    @Override
    public void closed() {
      closed = true;
    }

    List<String> summary() {
      return events.stream().map(e -> e.type() + " " + (e.object().name().isEmpty() ? "" : e.object().name())).toList();
    }
  }

  @Test
  void listsWhatTheStoreHeldAtStartAndWhatChangedSince() {
    create("a", "one", Map.of());
    startCache(100);
    create("b", "two", Map.of());
    long now = store.currentRevision();
    WatchCache.Snapshot all = cache.list(WatchFilter.everything(), now);
    assertThat(all.items()).extracting(CachedObject::name).containsExactly("one", "two");
    assertThat(all.resourceVersion()).isGreaterThanOrEqualTo(now);
    assertThat(cache.list(new WatchFilter("b", o -> true), now).items()).extracting(CachedObject::name).containsExactly("two");
  }

  @Test
  void aConsistentReadWaitsForChangesToOtherResourcesThroughProgress() {
    startCache(100);
    // A write to another resource moves the store's revision, not the cache's.
    store.put(PutRequest.of("/registry/configmaps/a/x", "{}"));
    long now = store.currentRevision();
    assertThat(cache.list(WatchFilter.everything(), now).resourceVersion()).isGreaterThanOrEqualTo(now);
  }

  @Test
  void watchWithoutResourceVersionStartsWithTheCurrentObjects() {
    create("a", "one", Map.of());
    startCache(100);
    Collector sink = new Collector();
    cache.watch(WatchFilter.everything(), -1, true, false, sink);
    create("a", "two", Map.of());
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.events.size() == 3);
    assertThat(sink.summary()).containsExactly("ADDED one", "BOOKMARK ", "ADDED two");
    assertThat(new String(sink.events.get(1).object().json())).contains("k8s.io/initial-events-end");
  }

  @Test
  void watchFromAResourceVersionReplaysWhatFollowedIt() {
    startCache(100);
    StoredObject one = create("a", "one", Map.of());
    create("a", "two", Map.of());
    storage.delete(one.key(), 0);
    Collector sink = new Collector();
    cache.watch(WatchFilter.everything(), one.resourceVersion(), false, false, sink);
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.events.size() == 2);
    assertThat(sink.summary()).containsExactly("ADDED two", "DELETED one");
    // A deleted object carries the revision of its deletion.
    assertThat(sink.events.get(1).resourceVersion()).isGreaterThan(one.resourceVersion());
    assertThat(new String(sink.events.get(1).object().json()))
        .contains("\"resourceVersion\":\"" + sink.events.get(1).resourceVersion() + "\"");
  }

  @Test
  void watchFromBeforeTheHistoryIsExpired() {
    startCache(2);
    StoredObject first = create("a", "one", Map.of());
    create("a", "two", Map.of());
    create("a", "three", Map.of());
    create("a", "four", Map.of());
    cache.awaitFresh(store.currentRevision());
    assertThatThrownBy(() -> cache.watch(WatchFilter.everything(), first.resourceVersion() - 1, false, false, new Collector()))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
          assertThat(e.getMessage()).startsWith("too old resource version:");
        });
  }

  @Test
  void anObjectThatStopsMatchingASelectorIsDeletedForThatWatch() {
    startCache(100);
    StoredObject web = create("a", "web", Map.of("app", "web"));
    Collector sink = new Collector();
    WatchFilter appWeb = new WatchFilter("", o -> "web".equals(o.labels().get("app")));
    cache.watch(appWeb, web.resourceVersion(), false, false, sink);
    StoredObject relabelled = relabel(web, Map.of("app", "db"));
    relabel(relabelled, Map.of("app", "web"));
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.events.size() == 2);
    assertThat(sink.summary()).containsExactly("DELETED web", "ADDED web");
  }

  @Test
  void closingAWatchTellsItsSink() {
    startCache(100);
    Collector sink = new Collector();
    CacheWatch w = cache.watch(WatchFilter.everything(), -1, false, false, sink);
    w.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.closed);
    assertThat(cache.watchCount()).isZero();
  }

  @Test
  void aWatchTooFarAheadOfTheStoreTimesOut() {
    startCache(100);
    assertThatThrownBy(() -> cache.list(WatchFilter.everything(), store.currentRevision() + 1000))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(504));
  }
}
