package dev.ketch.scheduler.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.scheduler.framework.EventSink;
import dev.ketch.scheduler.framework.PodInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about pods, as client-go's recorder: asynchronously, with at most a fixed
 * number of requests in flight (beyond which events are dropped and counted, never blocking the
 * scheduler), and with repeats of the same event about the same pod within ten minutes folded
 * into the first one (its count and lastTimestamp patched) rather than written anew. Thread-safe.
 */
public final class EventRecorder implements EventSink {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final Duration CORRELATION_WINDOW = Duration.ofMinutes(10);
  private static final int MAX_REMEMBERED = 4096;

  private final ApiCalls api;
  private final String instance;
  private final Semaphore inFlight;
  private final LongAdder dropped = new LongAdder();
  private final Map<String, Seen> seen = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

  private record Seen(String name, String namespace, int count, Instant first) {}

  /**
   * @param instance the reporting instance (host name)
   * @param maxInFlight requests allowed at once
   */
  public EventRecorder(ApiCalls api, String instance, int maxInFlight) {
    this.api = api;
    this.instance = instance;
    this.inFlight = new Semaphore(maxInFlight);
  }

  @Override
  public void normal(PodInfo pod, String reason, String message) {
    record(pod, "Normal", reason, message);
  }

  @Override
  public void warning(PodInfo pod, String reason, String message) {
    record(pod, "Warning", reason, message);
  }

  /** Events dropped because too many were in flight. */
  public long dropped() {
    return dropped.sum();
  }

  private void record(PodInfo pod, String type, String reason, String message) {
    if (!inFlight.tryAcquire()) {
      dropped.increment();
      return;
    }
    Instant now = api.instant();
    String key = pod.uid() + "\u0000" + reason + "\u0000" + message;
    Seen previous;
    synchronized (seen) {
      previous = seen.get(key);
      if (previous != null && previous.first().plus(CORRELATION_WINDOW).isAfter(now)) {
        seen.put(key, new Seen(previous.name(), previous.namespace(), previous.count() + 1, previous.first()));
      } else {
        previous = null;
      }
    }
    String component = component(pod);
    if (previous != null) {
      ObjectNode patch = ApiCalls.JSON.createObjectNode().put("count", previous.count() + 1).put("lastTimestamp", api.now());
      api.send("PATCH", "/api/v1/namespaces/" + ApiCalls.enc(previous.namespace()) + "/events/" + ApiCalls.enc(previous.name()),
          ApiCalls.MERGE_PATCH, patch.toString()).whenComplete((r, e) -> done(r, e, reason, pod));
      return;
    }
    String name = pod.name() + "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    ObjectNode event = ApiCalls.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
    event.putObject("metadata").put("name", name).put("namespace", pod.namespace());
    ObjectNode involved = event.putObject("involvedObject").put("kind", "Pod").put("namespace", pod.namespace())
        .put("name", pod.name()).put("uid", pod.uid()).put("apiVersion", "v1");
    if (pod.pod().getMetadata().getResourceVersion() != null) {
      involved.put("resourceVersion", pod.pod().getMetadata().getResourceVersion());
    }
    event.put("reason", reason).put("message", message).put("type", type);
    event.putObject("source").put("component", component);
    String ts = api.now();
    event.put("firstTimestamp", ts).put("lastTimestamp", ts).put("count", 1);
    event.put("reportingComponent", component).put("reportingInstance", instance);
    synchronized (seen) {
      seen.put(key, new Seen(name, pod.namespace(), 1, now));
    }
    api.send("POST", "/api/v1/namespaces/" + ApiCalls.enc(pod.namespace()) + "/events", "application/json", event.toString())
        .whenComplete((r, e) -> done(r, e, reason, pod));
  }

  private void done(ApiCalls.Response r, Throwable e, String reason, PodInfo pod) {
    inFlight.release();
    if (e != null) {
      log.debug("recording event failed reason={} pod={} error={}", reason, pod.key(), e.toString());
    } else if (!r.ok() && r.code() != 404) {
      log.debug("recording event refused reason={} pod={} code={} message={}", reason, pod.key(), r.code(), ApiCalls.message(r));
    }
  }

  private static String component(PodInfo pod) {
    String name = pod.pod().getSpec() == null ? null : pod.pod().getSpec().getSchedulerName();
    return name == null || name.isEmpty() ? "default-scheduler" : name;
  }
}
