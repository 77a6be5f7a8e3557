package dev.ketch.controllers.events;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts core/v1 Events to the API from one background thread, as client-go's broadcaster does,
 * through an {@link EventCorrelator}: a repeat of an event already posted (same object, type,
 * reason, message and source) is not a new Event — the existing one's {@code count} goes up and
 * its {@code lastTimestamp} moves; many similar events about one object are combined into one;
 * and an object that had too many events lately gets no more for a while. Up to 1000 events wait
 * to be posted; more are dropped.
 *
 * <p>Threads: one, named {@code events-<component>}, until {@link #close()}.
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiEventRecorder.class);
  private static final int MAX_PENDING = 1000;

  private final KubernetesClient client;
  private final String component;
  private final String host;
  private final Clock clock;
  private final ThreadPoolExecutor poster;
  // Only touched by the poster thread.
  private final EventCorrelator correlator;
  // Only touched by the poster thread.
  private long lastNameNanos;

  /**
   * @param component the source written on every event, e.g. {@code garbage-collector-controller}
   * @param host the reporting instance, e.g. the machine's name
   */
  public ApiEventRecorder(KubernetesClient client, String component, String host, Clock clock) {
    this.client = client;
    this.component = Objects.requireNonNull(component, "component");
    this.host = host;
    this.clock = clock;
    this.correlator = new EventCorrelator(clock);
    this.poster = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_PENDING),
        r -> Thread.ofPlatform().name("events-" + component).daemon().unstarted(r),
        (r, executor) -> log.warn("event dropped, too many pending component={}", component));
  }

  @Override
  public void event(ObjectReference involved, EventType type, String reason, String message) {
    if (poster.isShutdown()) {
      return;
    }
    Instant now = clock.now();
    poster.execute(() -> post(involved, type, reason, message, now));
  }

  private void post(ObjectReference involved, EventType type, String reason, String message, Instant at) {
    String namespace = involved.getNamespace() == null || involved.getNamespace().isEmpty() ? "default" : involved.getNamespace();
    String timestamp = at.truncatedTo(ChronoUnit.SECONDS).toString();
    EventCorrelator.Decision decision = correlator.correlate(involved, type.value(), reason, message);
    try {
      switch (decision) {
        case EventCorrelator.Drop d -> log.debug("event dropped by the spam filter reason={} object={}/{}", reason, namespace, involved.getName());
        case EventCorrelator.Increment inc -> {
          if (increment(inc, timestamp)) {
            correlator.posted(inc.key(), inc.namespace(), inc.name(), inc.count());
          } else {
            correlator.forget(inc.key());
            create(involved, namespace, type, reason, inc.message(), inc.key(), at, timestamp);
          }
        }
        case EventCorrelator.Create c -> create(involved, namespace, type, reason, c.message(), c.key(), at, timestamp);
      }
    } catch (KubernetesClientException e) {
      // Events are best effort: a namespace being deleted refuses them, as upstream's do.
      log.debug("event not recorded reason={} object={}/{}: {}", reason, namespace, involved.getName(), e.getMessage());
    }
  }

  private void create(ObjectReference involved, String namespace, EventType type, String reason, String message, String key,
      Instant at, String timestamp) {
    // Names must differ even when the clock stands still (a fake one, or two events in one tick).
    long nanos = Math.max(at.getEpochSecond() * 1_000_000_000L + at.getNano(), lastNameNanos + 1);
    lastNameNanos = nanos;
    String name = involved.getName() + "." + Long.toHexString(nanos);
    Event event = new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withInvolvedObject(involved)
        .withType(type.value())
        .withReason(reason)
        .withMessage(message)
        .withCount(1)
        .withFirstTimestamp(timestamp)
        .withLastTimestamp(timestamp)
        .withNewSource().withComponent(component).withHost(host).endSource()
        .withReportingComponent(component)
        .withReportingInstance(host)
        .build();
    client.v1().events().inNamespace(namespace).resource(event).create();
    correlator.posted(key, namespace, name, 1);
  }

  /** Counts one more occurrence on the Event already posted; false if that Event is gone. */
  private boolean increment(EventCorrelator.Increment inc, String timestamp) {
    String patch = client.getKubernetesSerialization().asJson(
        Map.of("count", inc.count(), "lastTimestamp", timestamp, "message", inc.message()));
    try {
      client.v1().events().inNamespace(inc.namespace()).withName(inc.name()).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      return true;
    } catch (KubernetesClientException e) {
      if (ApiErrors.isNotFound(e)) {
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
  }
}
