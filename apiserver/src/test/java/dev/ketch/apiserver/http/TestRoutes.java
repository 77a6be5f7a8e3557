package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Handlers that tests drive the server with:
 *
 * <ul>
 *   <li>{@code /echo}: the request as the handler saw it, as JSON
 *   <li>{@code /stream?lines=N&intervalMs=M}: N lines, one every M ms, on a stream
 *   <li>{@code /block}: waits until {@link #unblock()}
 *   <li>{@code /fail}: throws an exception with a detail the client must never see
 *   <li>{@code /conflict}: throws a StatusException (409 Conflict)
 *   <li>{@code /silent}: returns without answering
 * </ul>
 */
final class TestRoutes implements ApiHandler {

  static final String SECRET = "secret-detail-of-the-failure";

  /** How the last stream ended: "closed" when onClose fired and a write then failed. */
  final CompletableFuture<String> streamEnd = new CompletableFuture<>();
  final CompletableFuture<Void> streamOnClose = new CompletableFuture<>();
  final CountDownLatch blocked = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  void unblock() {
    release.countDown();
  }

  @Override
  public void handle(ApiRequest request, ApiResponse response) throws Exception {
    switch (request.path()) {
      case "/stream" -> stream(request, response);
      case "/block" -> {
        blocked.countDown();
        release.await(30, TimeUnit.SECONDS);
        response.send(200, "text/plain", "released".getBytes(StandardCharsets.UTF_8));
      }
      case "/fail" -> throw new IllegalStateException(SECRET);
      case "/conflict" -> throw StatusException.of(Reason.CONFLICT, "the object has been modified");
      case "/silent" -> {}
      default -> {
        if (request.path().startsWith("/echo")) {
          response.send(200, "application/json", Headers.of("Warning", "299 - \"echoed\""), echo(request));
        } else {
          BasicEndpoints.NOT_FOUND.handle(request, response);
        }
      }
    }
  }

  private void stream(ApiRequest request, ApiResponse response) throws InterruptedException {
    int lines = Integer.parseInt(request.queryParameter("lines"));
    long interval = Long.parseLong(request.queryParameter("intervalMs"));
    response.onClose(() -> streamOnClose.complete(null));
    try (ResponseStream out = response.openStream(200, "application/json", Headers.empty())) {
      for (int i = 0; i < lines; i++) {
        out.write(("{\"line\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
        Thread.sleep(interval);
      }
      streamEnd.complete("finished");
    } catch (ClientGoneException e) {
      streamEnd.complete("closed");
    }
  }

  static byte[] echo(ApiRequest request) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", request.method());
    m.put("path", request.path());
    m.put("rawPath", request.rawPath());
    m.put("rawQuery", request.rawQuery());
    m.put("query", request.query());
    m.put("user", request.user().name());
    m.put("uid", request.user().uid());
    m.put("groups", request.user().groups());
    m.put("authenticatedBy", request.user().method().name());
    m.put("protocol", request.protocol().name());
    m.put("bodyLength", request.body().length);
    m.put("contentType", request.header("Content-Type"));
    m.put("remote", request.remoteAddress().getAddress().getHostAddress());
    return Json.bytes(m);
  }
}
