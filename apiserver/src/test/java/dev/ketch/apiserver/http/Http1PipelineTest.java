package dev.ketch.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 pipeline on an EmbeddedChannel: raw bytes in, raw bytes out. */
class Http1PipelineTest {

  private ApiHandler handler = new BasicEndpoints(KubernetesVersion.of("v1.32.0", "", Instant.EPOCH), new TestRoutes());
  private EmbeddedChannel channel;

  private EmbeddedChannel open(dev.ketch.pki.Credential clientCertificate) {
    close();
    channel = new EmbeddedChannel();
    ServerContext server = TestServers.context(TestServers.config().withMaxBodyBytes(1024), (req, resp) -> handler.handle(req, resp));
    Pipelines.http1(channel.pipeline(), server, TestServers.connection(HttpProtocol.HTTP_1_1, clientCertificate));
    return channel;
  }

  @AfterEach
  void close() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  private String exchange(String request) {
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    channel.runPendingTasks();
    return output();
  }

  private String output() {
    StringBuilder sb = new StringBuilder();
    for (Object o; (o = channel.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      sb.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return sb.toString();
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  private static JsonNode status(String response) throws Exception {
    return Json.mapper().readTree(body(response));
  }

  @Test
  void healthAnswersAnonymousRequestsAndEverythingElseWants401() throws Exception {
    open(null);

    String healthz = exchange("GET /healthz HTTP/1.1\r\nHost: k\r\n\r\n");
    String version = exchange("GET /version HTTP/1.1\r\nHost: k\r\n\r\n");

    assertThat(healthz).startsWith("HTTP/1.1 200 OK\r\n").contains("content-type: text/plain; charset=utf-8\r\n").endsWith("\r\n\r\nok");
    assertThat(version).startsWith("HTTP/1.1 401 Unauthorized\r\n").contains("content-type: application/json\r\n");
    assertThat(status(version).path("reason").asText()).isEqualTo("Unauthorized");
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void clientCertificatesAndTokensNameTheUser() throws Exception {
    open(TestServers.clientCertificate(TestPki.ALICE));

    JsonNode byCert = Json.mapper().readTree(body(exchange("GET /echo HTTP/1.1\r\nHost: k\r\n\r\n")));

    assertThat(byCert.path("user").asText()).isEqualTo("alice");
    assertThat(byCert.path("authenticatedBy").asText()).isEqualTo("CLIENT_CERTIFICATE");
    assertThat(byCert.path("remote").asText()).isEqualTo("192.0.2.10");

    open(null);
    JsonNode byToken = Json.mapper().readTree(body(exchange("GET /echo HTTP/1.1\r\nHost: k\r\nAuthorization: Bearer token-1\r\n\r\n")));
    assertThat(byToken.path("user").asText()).isEqualTo("tester");
    assertThat(byToken.path("groups")).extracting(JsonNode::asText).containsExactly("testers", "system:authenticated");
  }

  @Test
  void streamsAreChunkedAndEndWithTheLastChunk() {
    open(null);
    handler =
        (request, response) -> {
          try (ResponseStream s = response.openStream(200, "application/json", Headers.empty())) {
            s.write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
            s.write("{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
          }
        };

    String out = exchange("GET /healthz/stream HTTP/1.1\r\nHost: k\r\n\r\n");

    assertThat(out)
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("transfer-encoding: chunked\r\n")
        .contains("content-type: application/json\r\n")
        .doesNotContain("content-length")
        .endsWith("\r\n\r\n8\r\n{\"a\":1}\n\r\n8\r\n{\"b\":2}\n\r\n0\r\n\r\n");
  }

  @Test
  void aStreamLeftOpenByTheHandlerIsEndedForIt() {
    open(null);
    handler = (request, response) -> response.openStream(200, "text/plain", Headers.empty()).write(new byte[] {'x'});

    String out = exchange("GET /healthz/x HTTP/1.1\r\nHost: k\r\n\r\n");

    assertThat(out).endsWith("1\r\nx\r\n0\r\n\r\n");
  }

  @Test
  void theHandlerLearnsThatTheClientLeft() {
    open(null);
    AtomicBoolean notified = new AtomicBoolean();
    AtomicReference<Exception> writeAfterClose = new AtomicReference<>();
    handler =
        (request, response) -> {
          response.onClose(() -> notified.set(true));
          ResponseStream s = response.openStream(200, "application/json", Headers.empty());
          s.write("{}\n".getBytes(StandardCharsets.UTF_8));
          channel.close();
          try {
            s.write("{}\n".getBytes(StandardCharsets.UTF_8));
          } catch (ClientGoneException e) {
            writeAfterClose.set(e);
          }
        };

    exchange("GET /healthz/watch HTTP/1.1\r\nHost: k\r\n\r\n");

    assertThat(notified).isTrue();
    assertThat(writeAfterClose.get()).isInstanceOf(ClientGoneException.class);
  }

  @Test
  void oversizedBodiesGet413AndTheConnectionStaysUsable() throws Exception {
    open(null);

    String tooLarge = exchange("POST /echo HTTP/1.1\r\nHost: k\r\nContent-Length: 1025\r\n\r\n");
    String rest = exchange("x".repeat(1025) + "GET /healthz HTTP/1.1\r\nHost: k\r\n\r\n");

    assertThat(tooLarge).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n").contains("content-type: application/json\r\n");
    JsonNode status = status(tooLarge);
    assertThat(status.path("reason").asText()).isEqualTo("RequestEntityTooLarge");
    assertThat(status.path("code").asInt()).isEqualTo(413);
    assertThat(status.path("message").asText()).contains("1024");
    assertThat(rest).startsWith("HTTP/1.1 200 OK").endsWith("ok");
  }

  @Test
  void oversizedBodiesAreRefusedBeforeTheyAreSentWhenTheClientAsksFirst() throws Exception {
    open(null);

    String answer = exchange("POST /echo HTTP/1.1\r\nHost: k\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 413 ");
    assertThat(status(answer).path("reason").asText()).isEqualTo("RequestEntityTooLarge");
  }

  @Test
  void chunkedBodiesOverTheLimitGet413AndTheConnectionCloses() throws Exception {
    open(null);

    String answer = exchange("POST /healthz HTTP/1.1\r\nHost: k\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + "y".repeat(1024) + "\r\n1\r\nz\r\n0\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 413 ").contains("connection: close");
    assertThat(status(answer).path("reason").asText()).isEqualTo("RequestEntityTooLarge");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    open(null);

    String out = exchange("GET /healthz HTTP/1.1\r\nHost: k\r\n\r\nGET /version HTTP/1.1\r\nHost: k\r\n\r\nGET /livez HTTP/1.1\r\nHost: k\r\n\r\n");

    List<String> statusLines = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("HTTP/1\\.1 \\d{3} [A-Za-z ]+\r\n").matcher(out);
    while (m.find()) {
      statusLines.add(m.group().strip());
    }
    assertThat(statusLines).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 401 Unauthorized", "HTTP/1.1 200 OK");
  }

  @Test
  void connectionCloseIsHonoured() {
    open(null);

    String out = exchange("GET /healthz HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n");

    assertThat(out).contains("connection: close");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void malformedTargetsGet400() throws Exception {
    open(null);

    String out = exchange("GET /healthz?a=%zz HTTP/1.1\r\nHost: k\r\n\r\n");

    assertThat(out).startsWith("HTTP/1.1 400 ");
    assertThat(status(out).path("reason").asText()).isEqualTo("BadRequest");
  }

  @Test
  void failuresBecome500WithoutDetails() throws Exception {
    open(null);
    handler = (request, response) -> {
      throw new IllegalStateException(TestRoutes.SECRET);
    };

    String out = exchange("GET /healthz HTTP/1.1\r\nHost: k\r\n\r\n");

    assertThat(out).startsWith("HTTP/1.1 500 ").doesNotContain(TestRoutes.SECRET);
    assertThat(status(out).path("reason").asText()).isEqualTo("InternalError");
  }

  @Test
  void reservedHeadersAndMissingContentTypesAreProgrammingErrors() {
    open(null);
    handler = (request, response) -> response.send(200, "text/plain", Headers.of("Content-Length", "1"), new byte[0]);
    assertThat(exchange("GET /healthz HTTP/1.1\r\nHost: k\r\n\r\n")).startsWith("HTTP/1.1 500 ");

    handler = (request, response) -> response.send(200, null, new byte[0]);
    assertThat(exchange("GET /healthz HTTP/1.1\r\nHost: k\r\n\r\n")).startsWith("HTTP/1.1 500 ");
  }
}
