package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Status bodies and the headers every response carries. */
final class StatusResponses {

  static final String JSON = "application/json";

  private StatusResponses() {}

  /** The Status body of a failure. */
  static byte[] body(StatusException failure) {
    return Json.bytes(failure.toStatus());
  }

  /** Headers a failure adds: Retry-After when the Status says when to retry. */
  static Headers headers(StatusException failure) {
    return failure.retryAfterSeconds() == null
        ? Headers.empty()
        : Headers.of("Retry-After", String.valueOf(failure.retryAfterSeconds()));
  }

  /** A whole response for a failure answered on the event loop, before any handler ran. */
  static FullHttpResponse full(StatusException failure) {
    byte[] body = body(failure);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(failure.code()), Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    commonHeaders(r.headers());
    headers(failure).forEach((n, v) -> r.headers().add(n, v));
    return r;
  }

  /** What kube-apiserver puts on every response. */
  static void commonHeaders(io.netty.handler.codec.http.HttpHeaders h) {
    h.set(HttpHeaderNames.CACHE_CONTROL, "no-cache, private");
  }
}
