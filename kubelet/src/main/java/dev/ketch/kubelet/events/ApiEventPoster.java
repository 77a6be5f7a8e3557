package dev.ketch.kubelet.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts Events to the API from one background thread, shared by every kubelet of the process;
 * {@link #forHost} gives each node a recorder that signs its events as {@code kubelet} on that
 * host. A repeat of an event already posted (same object, type, reason, message, host) is not a
 * new Event: the existing one's {@code count} goes up and {@code lastTimestamp} moves, as
 * client-go's correlator does. Up to 10,000 events wait; more are dropped and counted.
 *
 * <p>Threads: one, {@code kubelet-events}, until {@link #close()}.
 */
public final class ApiEventPoster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiEventPoster.class);
  private static final int MAX_PENDING = 10_000;
  private static final int MAX_REMEMBERED = 8192;
  private static final String COMPONENT = "kubelet";

  private record Key(String namespace, String kind, String name, String uid, String fieldPath, String type, String reason,
      String message, String host) {}

  private record Posted(String namespace, String name, int count) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final ThreadPoolExecutor poster;
  private final AtomicLong dropped = new AtomicLong();
  // Only touched by the poster thread.
  private final Map<Key, Posted> posted = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Posted> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

  public ApiEventPoster(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.poster = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_PENDING),
        r -> Thread.ofPlatform().name("kubelet-events").daemon().unstarted(r),
        (r, executor) -> dropped.incrementAndGet());
  }

  /** A recorder for the kubelet of node {@code host}. */
  public EventRecorder forHost(String host) {
    return (involved, type, reason, message) -> {
      if (poster.isShutdown()) {
        return;
      }
      Instant now = clock.instant();
      poster.execute(() -> post(involved, type, reason, message, host, now));
    };
  }

  /** Events dropped because too many were waiting. */
  public long dropped() {
    return dropped.get();
  }

  private void post(ObjectReference involved, EventType type, String reason, String message, String host, Instant at) {
    String namespace = involved.getNamespace() == null || involved.getNamespace().isEmpty() ? "default" : involved.getNamespace();
    Key key = new Key(namespace, involved.getKind(), involved.getName(), involved.getUid(), involved.getFieldPath(),
        type.value(), reason, message, host);
    String timestamp = at.truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      Posted previous = posted.get(key);
      if (previous != null && increment(previous, timestamp)) {
        posted.put(key, new Posted(previous.namespace(), previous.name(), previous.count() + 1));
        return;
      }
      String name = involved.getName() + "." + Long.toHexString(at.getEpochSecond() * 1_000_000_000L + at.getNano());
      Event event = new EventBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
          .withInvolvedObject(involved)
          .withType(type.value())
          .withReason(reason)
          .withMessage(message)
          .withCount(1)
          .withFirstTimestamp(timestamp)
          .withLastTimestamp(timestamp)
          .withNewSource().withComponent(COMPONENT).withHost(host).endSource()
          .withReportingComponent(COMPONENT)
          .withReportingInstance(host)
          .build();
      client.v1().events().inNamespace(namespace).resource(event).create();
      posted.put(key, new Posted(namespace, name, 1));
    } catch (KubernetesClientException e) {
      // Best effort, as upstream: a namespace being deleted refuses events.
      log.debug("event not recorded reason={} object={}/{}: {}", reason, namespace, involved.getName(), e.getMessage());
    }
  }

  private boolean increment(Posted previous, String timestamp) {
    String patch = "{\"count\":" + (previous.count() + 1) + ",\"lastTimestamp\":\"" + timestamp + "\"}";
    try {
      client.v1().events().inNamespace(previous.namespace()).withName(previous.name())
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** Posts what is pending (for up to 5 seconds), then stops the thread. */
  @Override
  public void close() {
    poster.shutdown();
    try {
      if (!poster.awaitTermination(5, TimeUnit.SECONDS)) {
        poster.shutdownNow();
      }
    } catch (InterruptedException e) {
      poster.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (dropped.get() > 0) {
      log.info("events dropped while too many were pending count={}", dropped.get());
    }
  }
}
