package dev.ketch.kubelet.action;

import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ExecResult;
import dev.ketch.kubelet.runtime.RuntimeService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Handlers as a real node runs them: exec through {@link RuntimeService#execSync}, HTTP GET and TCP
 * connects from the kubelet's own network namespace (as upstream's prober), sleep by parking the
 * calling (virtual) thread. HTTPS probes do not verify certificates, as upstream's.
 *
 * <p>Thread-safety: safe for concurrent use. Owns the JDK HTTP client's selector thread.
 */
public final class HostHandlerRunner implements HandlerRunner, AutoCloseable {

  private static final int MAX_OUTPUT = 10 * 1024;

  private final RuntimeService runtime;
  private final HttpClient http;

  public HostHandlerRunner(RuntimeService runtime) {
    this.runtime = runtime;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .sslContext(TrustAll.context()).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public HandlerResult run(Purpose purpose, HandlerTarget target, Handler handler, Duration timeout) {
    return switch (handler) {
      case Handler.Exec exec -> exec(target, exec, timeout);
      case Handler.HttpGet get -> httpGet(get, timeout);
      case Handler.TcpSocket tcp -> tcp(tcp, timeout);
      case Handler.Sleep sleep -> {
        LockSupport.parkNanos(sleep.duration().toNanos());
        yield HandlerResult.ok();
      }
    };
  }

  private HandlerResult exec(HandlerTarget target, Handler.Exec exec, Duration timeout) {
    try {
      ExecResult r = runtime.execSync(target.containerId(), exec.command(), timeout);
      if (r.exitCode() == 0) {
        return HandlerResult.ok();
      }
      String out = (r.stdoutText() + r.stderrText());
      if (out.length() > MAX_OUTPUT) {
        out = out.substring(0, MAX_OUTPUT);
      }
      return HandlerResult.failed(out.isEmpty() ? "command " + exec.command() + " exited with " + r.exitCode() : out);
    } catch (ContainerRuntimeException e) {
      if (e.code() == ContainerRuntimeException.Code.DEADLINE_EXCEEDED) {
        return HandlerResult.failed("command timed out: \"" + String.join(" ", exec.command()) + "\" timed out after " + seconds(timeout));
      }
      return HandlerResult.failed(e.getMessage());
    }
  }

  private HandlerResult httpGet(Handler.HttpGet get, Duration timeout) {
    String host = get.host().contains(":") ? "[" + get.host() + "]" : get.host();
    String path = get.path().startsWith("/") ? get.path() : "/" + get.path();
    String url = get.scheme().toLowerCase(java.util.Locale.ROOT) + "://" + host + ":" + get.port() + path;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
          .header("User-Agent", "kube-probe/1.32").header("Accept", "*/*");
      get.headers().forEach(b::setHeader);
      HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() >= 200 && r.statusCode() < 400) {
        return HandlerResult.ok();
      }
      return HandlerResult.failed("HTTP probe failed with statuscode: " + r.statusCode());
    } catch (java.net.http.HttpTimeoutException e) {
      return HandlerResult.failed("Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    } catch (IOException | IllegalArgumentException e) {
      return HandlerResult.failed("Get \"" + url + "\": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HandlerResult.failed("interrupted");
    }
  }

  private static HandlerResult tcp(Handler.TcpSocket tcp, Duration timeout) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(tcp.host(), tcp.port()), (int) Math.max(1, timeout.toMillis()));
      return HandlerResult.ok();
    } catch (IOException e) {
      return HandlerResult.failed("dial tcp " + tcp.host() + ":" + tcp.port() + ": " + e.getMessage());
    }
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  @Override
  public void close() {
    http.shutdownNow();
  }

  /** Upstream's probes skip certificate verification; so does this. */
  private static final class TrustAll {
    static javax.net.ssl.SSLContext context() {
      try {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
          @Override
          public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

          @Override
          public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
          }
        }}, null);
        return ctx;
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
