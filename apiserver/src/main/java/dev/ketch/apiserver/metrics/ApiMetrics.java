package dev.ketch.apiserver.metrics;

import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiHandler;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.http.Headers;
import dev.ketch.apiserver.http.ResponseStream;
import dev.ketch.apiserver.http.WebSocketHandshake;
import dev.ketch.apiserver.request.RequestInfo;
import dev.ketch.apiserver.request.RequestInfoParser;
import dev.ketch.store.KeyValueStore;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;

/**
 * The API server's metrics, named as kube-apiserver names them (apiserver_request_total,
 * apiserver_request_duration_seconds, apiserver_current_inflight_requests, …), in a registry of
 * this server's own, served as Prometheus text at {@code /metrics}. Thread-safe.
 */
public final class ApiMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests;
  private final Histogram durations;
  private final Gauge inflight;

  public ApiMetrics(KeyValueStore store, IntSupplier watches) {
    requests = Counter.builder().name("apiserver_request_total")
        .help("Counter of apiserver requests broken out by verb, resource and HTTP response code.")
        .labelNames("verb", "group", "resource", "subresource", "code").register(registry);
    durations = Histogram.builder().name("apiserver_request_duration_seconds")
        .help("Response latency distribution in seconds for each verb and resource.")
        .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 5, 10, 30, 60)
        .labelNames("verb", "group", "resource", "subresource").register(registry);
    inflight = Gauge.builder().name("apiserver_current_inflight_requests")
        .help("Number of requests currently being served.").register(registry);
    GaugeWithCallback.builder().name("apiserver_storage_revision")
        .help("The store's current revision.")
        .callback(cb -> cb.call(store.currentRevision())).register(registry);
    GaugeWithCallback.builder().name("apiserver_registered_watchers")
        .help("Number of client watches being served.")
        .callback(cb -> cb.call(watches.getAsInt())).register(registry);
  }

  /** Wraps {@code next} so that every request is counted and timed; answers {@code /metrics}. */
  public ApiHandler instrument(ApiHandler next) {
    return (request, response) -> {
      if (request.path().equals("/metrics") && request.method().equals("GET")) {
        response.send(200, "text/plain; version=0.0.4; charset=utf-8", scrape());
        return;
      }
      RequestInfo info = RequestInfoParser.parse(request.method(), request.path(),
          "true".equals(request.queryParameter("watch")) || "1".equals(request.queryParameter("watch")));
      String verb = info.resourceRequest() ? info.verb().toUpperCase() : request.method();
      String group = info.groupVersion() == null ? "" : info.groupVersion().group();
      CodeRecorder recorded = new CodeRecorder(response);
      long start = System.nanoTime();
      inflight.inc();
      try {
        next.handle(request, recorded);
      } catch (StatusException e) {
        recorded.code = e.code();
        throw e;
      } catch (Exception | Error e) {
        recorded.code = 500;
        throw e;
      } finally {
        inflight.dec();
        requests.labelValues(verb, group, info.resource(), info.subresource(), Integer.toString(recorded.code)).inc();
        if (!"WATCH".equals(verb)) {
          durations.labelValues(verb, group, info.resource(), info.subresource()).observe((System.nanoTime() - start) / 1e9);
        }
      }
    };
  }

  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Remembers the status code of whatever the handler sends. */
  private static final class CodeRecorder implements ApiResponse {
    private final ApiResponse delegate;
    int code = 200;

    CodeRecorder(ApiResponse delegate) {
      this.delegate = delegate;
    }

    @Override
    public void send(int status, String contentType, Headers headers, byte[] body) {
      code = status;
      delegate.send(status, contentType, headers, body);
    }

    @Override
    public void sendStatus(StatusException failure) {
      code = failure.code();
      delegate.sendStatus(failure);
    }

    @Override
    public ResponseStream openStream(int status, String contentType, Headers headers) {
      code = status;
      return delegate.openStream(status, contentType, headers);
    }

    @Override
    public ResponseStream openWebSocket(WebSocketHandshake handshake, boolean text) {
      code = 101;
      return delegate.openWebSocket(handshake, text);
    }

    @Override
    public boolean isClosed() {
      return delegate.isClosed();
    }

    @Override
    public void onClose(Runnable listener) {
      delegate.onClose(listener);
    }

    @Override
    public void relay(dev.ketch.apiserver.http.Upstream upstream) {
      delegate.relay(upstream);
      code = 101;
    }
  }
}
