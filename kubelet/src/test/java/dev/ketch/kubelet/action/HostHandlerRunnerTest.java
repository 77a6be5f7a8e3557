package dev.ketch.kubelet.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ketch.kubelet.runtime.simulated.SimulatedRuntime;
import dev.ketch.kubelet.testing.FakeClock;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostHandlerRunnerTest {

  private HttpServer http;
  private HostHandlerRunner runner;
  private final HandlerTarget target = new HandlerTarget("default", "p", "uid", Map.of(), "app", "absent");

  @BeforeEach
  void start() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/ok", e -> {
      assertThat(e.getRequestHeaders().getFirst("User-Agent")).startsWith("kube-probe/");
      e.sendResponseHeaders(200, -1);
      e.close();
    });
    http.createContext("/sick", e -> {
      e.sendResponseHeaders(503, -1);
      e.close();
    });
    http.start();
    runner = new HostHandlerRunner(new SimulatedRuntime(FakeClock.at("2026-01-01T00:00:00Z"), "10.64.0.0/24"));
  }

  @AfterEach
  void stop() {
    runner.close();
    http.stop(0);
  }

  private Handler.HttpGet get(String path) {
    return new Handler.HttpGet("HTTP", "127.0.0.1", http.getAddress().getPort(), path, Map.of("X-Probe", "1"));
  }

  @Test
  void httpGetSucceedsOnTwoHundredsAndFailsOtherwiseWithUpstreamsMessage() {
    assertThat(runner.run(Purpose.READINESS, target, get("/ok"), Duration.ofSeconds(1)).success()).isTrue();
    assertThat(runner.run(Purpose.LIVENESS, target, get("/sick"), Duration.ofSeconds(1)))
        .isEqualTo(HandlerResult.failed("HTTP probe failed with statuscode: 503"));
  }

  @Test
  void tcpSucceedsWhenSomethingListens() throws Exception {
    try (ServerSocket listening = new ServerSocket(0)) {
      assertThat(runner.run(Purpose.READINESS, target, new Handler.TcpSocket("127.0.0.1", listening.getLocalPort()),
          Duration.ofSeconds(1)).success()).isTrue();
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    HandlerResult r = runner.run(Purpose.READINESS, target, new Handler.TcpSocket("127.0.0.1", closed), Duration.ofSeconds(1));
    assertThat(r.success()).isFalse();
    assertThat(r.message()).startsWith("dial tcp 127.0.0.1:" + closed);
  }

  @Test
  void execInAContainerThatDoesNotRunFails() {
    HandlerResult r = runner.run(Purpose.LIVENESS, target, new Handler.Exec(java.util.List.of("true")), Duration.ofSeconds(1));

    assertThat(r.success()).isFalse();
    assertThat(r.message()).contains("is not running");
  }
}
