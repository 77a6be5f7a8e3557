package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.StatusException;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every channel of one server shares, and the serving of one request on its own thread:
 * decode the target, authenticate, take an in-flight permit, call the handler, make sure a
 * response went out, log it. Tracks the exchanges in flight for shutdown. Thread-safe.
 */
final class ServerContext {

  private static final Logger log = LoggerFactory.getLogger(ServerContext.class);

  private final HttpServerConfig config;
  private final ApiHandler handler;
  private final Executor executor;
  private final Authenticator authenticator;
  private final InflightLimiter limiter;
  private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
  private final Object quiet = new Object();
  private volatile boolean draining;

  /**
   * @param executor runs each request; a new virtual thread per task in production
   */
  ServerContext(HttpServerConfig config, ApiHandler handler, Executor executor) {
    this.config = config;
    this.handler = handler;
    this.executor = executor;
    this.authenticator = new Authenticator(new ClientCertificateVerifier(config.clientCas(), config.clock()), config.tokens());
    this.limiter = new InflightLimiter(config.maxReadOnlyInflight(), config.maxMutatingInflight());
  }

  HttpServerConfig config() {
    return config;
  }

  /** Event loop: hands the request to a thread of its own. */
  void dispatch(IncomingRequest request, Exchange exchange) {
    inFlight.add(exchange);
    try {
      executor.execute(() -> serve(request, exchange));
    } catch (RejectedExecutionException e) {
      inFlight.remove(exchange);
      exchange.sendStatus(shuttingDown());
    }
  }

  /** Stops taking new requests: from now on each is answered 429 with Retry-After. */
  void startDraining() {
    draining = true;
  }

  /** Whether a request other than a stream is still being served. */
  boolean hasRequestsInFlight() {
    return inFlight.stream().anyMatch(e -> !e.isStreaming());
  }

  /**
   * Waits until no request other than a stream is being served, or the timeout passes.
   *
   * @return whether none is left
   */
  boolean awaitRequestsDone(java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (quiet) {
      while (hasRequestsInFlight()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        quiet.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  /** Ends every open stream cleanly. */
  void endStreams() {
    inFlight.forEach(Exchange::endForShutdown);
  }

  private void serve(IncomingRequest in, Exchange exchange) {
    long start = System.nanoTime();
    String path = in.uri();
    UserInfo user = null;
    try {
      QueryStringDecoder target = decode(in.uri());
      path = target.path();
      if (draining) {
        throw shuttingDown();
      }
      user = authenticator.authenticate(in.connection().peerCertificates(), in.headers(), path);
      Map<String, List<String>> query = target.parameters();
      ApiRequest request =
          new ApiRequest(
              in.method(), target.rawPath(), path, target.rawQuery(), query, in.headers(), in.body(), user,
              in.connection().remoteAddress(), in.connection().protocol());
      try (InflightLimiter.Permit permit = limiter.acquire(in.method(), path, query, user)) {
        handler.handle(request, exchange);
        if (!exchange.hasResponded()) {
          log.error("handler sent no response method={} path={}", in.method(), path);
          exchange.sendStatus(StatusException.internal("the server sent no response"));
        }
        exchange.endOpenStream();
      }
    } catch (StatusException e) {
      exchange.fail(e);
    } catch (ClientGoneException e) {
      log.debug("client gone method={} path={}", in.method(), path);
      exchange.fail(StatusException.internal("client gone"));
    } catch (Exception | Error e) {
      if (exchange.isClosed()) {
        log.debug("handler failed after the client left method={} path={} error=\"{}\"", in.method(), path, e.toString());
      } else {
        log.error("handler failed method={} path={}", in.method(), path, e);
      }
      exchange.fail(StatusException.internal("an unexpected error occurred; the server's log has the details"));
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
    } finally {
      inFlight.remove(exchange);
      if (draining) {
        synchronized (quiet) {
          quiet.notifyAll();
        }
      }
      AccessLog.served(
          in.method(), path, user == null ? null : user.name(), exchange.status(), (System.nanoTime() - start) / 1_000_000,
          in.connection().protocol(), in.connection().remoteAddress(), exchange.bodyBytes());
    }
  }

  private static QueryStringDecoder decode(String uri) {
    if (uri.isEmpty() || uri.charAt(0) != '/') {
      throw StatusException.badRequest("the request target must be an absolute path, not '" + uri + "'");
    }
    try {
      QueryStringDecoder d = QueryStringDecoder.builder().semicolonIsNormalChar(true).maxParams(10_000).build(uri);
      // Decode now, so that malformed escapes fail here with 400.
      d.path();
      d.parameters();
      return d;
    } catch (IllegalArgumentException e) {
      throw StatusException.badRequest("malformed request target: " + e.getMessage());
    }
  }

  /** As kube-apiserver while it drains: 429 with Retry-After, so clients come back. */
  private static StatusException shuttingDown() {
    return StatusException.tooManyRequests("The apiserver is shutting down, please try again later.", 1);
  }
}
