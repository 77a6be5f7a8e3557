package dev.ketch.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/2 pipeline on an EmbeddedChannel, talked to by Netty's HTTP/2 client codec on another
 * EmbeddedChannel; the test carries the bytes between them.
 */
class Http2PipelineTest {

  private EmbeddedChannel server;
  private EmbeddedChannel client;
  private final List<Object> connectionFrames = new ArrayList<>();
  private ApiHandler handler = new BasicEndpoints(KubernetesVersion.of("v1.32.0", "", Instant.EPOCH), new TestRoutes());

  @BeforeEach
  void connect() {
    server = new EmbeddedChannel();
    ServerContext context = TestServers.context(TestServers.config().withMaxConcurrentStreams(77).withMaxBodyBytes(100), (q, r) -> handler.handle(q, r));
    Pipelines.http2(server.pipeline(), context, TestServers.connection(HttpProtocol.HTTP_2, null));
    client =
        new EmbeddedChannel(
            Http2FrameCodecBuilder.forClient().build(),
            new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                connectionFrames.add(msg);
              }
            });
    pump();
  }

  @AfterEach
  void disconnect() {
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
    connectionFrames.forEach(ReferenceCountUtil::release);
  }

  /** Carries bytes both ways until neither side has anything more to say. */
  private void pump() {
    boolean moved;
    do {
      moved = false;
      for (Object o; (o = client.readOutbound()) != null; moved = true) {
        server.writeInbound(o);
      }
      server.runPendingTasks();
      for (Object o; (o = server.readOutbound()) != null; moved = true) {
        client.writeInbound(o);
      }
      client.runPendingTasks();
    } while (moved);
  }

  /** A request stream; its frames collect in {@code frames}. */
  private Http2StreamChannel request(String method, String path, List<Object> frames, byte[] body) {
    Http2StreamChannel stream =
        new Http2StreamChannelBootstrap(client)
            .handler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    frames.add(msg);
                  }
                })
            .open()
            .syncUninterruptibly()
            .getNow();
    Http2Headers headers = new DefaultHttp2Headers().method(method).path(path).scheme("https").authority("localhost");
    stream.write(new DefaultHttp2HeadersFrame(headers, body == null));
    if (body != null) {
      stream.write(new DefaultHttp2DataFrame(io.netty.buffer.Unpooled.wrappedBuffer(body), true));
    }
    stream.flush();
    pump();
    return stream;
  }

  private static String status(List<Object> frames) {
    return ((Http2HeadersFrame) frames.getFirst()).headers().status().toString();
  }

  private static String data(List<Object> frames) {
    StringBuilder sb = new StringBuilder();
    for (Object f : frames) {
      if (f instanceof Http2DataFrame d) {
        sb.append(d.content().toString(StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  private static boolean ended(List<Object> frames) {
    Object last = frames.getLast();
    return last instanceof Http2DataFrame d ? d.isEndStream() : ((Http2HeadersFrame) last).isEndStream();
  }

  @Test
  void announcesItsStreamLimit() {
    Http2SettingsFrame settings =
        connectionFrames.stream().filter(Http2SettingsFrame.class::isInstance).map(Http2SettingsFrame.class::cast).findFirst().orElseThrow();

    assertThat(settings.settings().maxConcurrentStreams()).isEqualTo(77);
  }

  @Test
  void answersPings() {
    client.writeAndFlush(new DefaultHttp2PingFrame(0x4b657463L));
    pump();

    assertThat(connectionFrames)
        .filteredOn(Http2PingFrame.class::isInstance)
        .map(Http2PingFrame.class::cast)
        .anyMatch(p -> p.ack() && p.content() == 0x4b657463L);
  }

  @Test
  void streamsOfOneConnectionAreAnsweredEachOnItsOwn() {
    List<Object> healthz = new ArrayList<>();
    List<Object> version = new ArrayList<>();

    request("GET", "/healthz", healthz, null);
    request("GET", "/version", version, null);

    assertThat(status(healthz)).isEqualTo("200");
    assertThat(((Http2HeadersFrame) healthz.getFirst()).headers().get("content-type").toString()).isEqualTo("text/plain; charset=utf-8");
    assertThat(data(healthz)).isEqualTo("ok");
    assertThat(ended(healthz)).isTrue();
    assertThat(status(version)).isEqualTo("401");
    assertThat(data(version)).contains("\"reason\":\"Unauthorized\"");
  }

  @Test
  void streamedResponsesAreDataFramesWithoutChunkedEncoding() {
    handler =
        (request, response) -> {
          try (ResponseStream s = response.openStream(200, "application/json", Headers.empty())) {
            s.write("{\"n\":1}\n".getBytes(StandardCharsets.UTF_8));
            s.write("{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
          }
        };
    List<Object> frames = new ArrayList<>();

    request("GET", "/healthz", frames, null);

    Http2HeadersFrame head = (Http2HeadersFrame) frames.getFirst();
    assertThat(head.headers().contains("transfer-encoding")).isFalse();
    assertThat(head.isEndStream()).isFalse();
    assertThat(data(frames)).isEqualTo("{\"n\":1}\n{\"n\":2}\n");
    assertThat(ended(frames)).isTrue();
  }

  @Test
  void oversizedBodiesGet413() {
    List<Object> frames = new ArrayList<>();

    request("POST", "/healthz", frames, new byte[101]);

    assertThat(status(frames)).isEqualTo("413");
    assertThat(data(frames)).contains("\"reason\":\"RequestEntityTooLarge\"");
  }

  @Test
  void theHandlerSeesHttp2AndTheBody() throws Exception {
    handler = (request, response) -> response.send(200, "application/json", TestRoutes.echo(request));
    List<Object> echoed = new ArrayList<>();

    request("POST", "/healthz?x=1", echoed, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    assertThat(status(echoed)).isEqualTo("200");
    var echo = dev.ketch.apiserver.json.Json.mapper().readTree(data(echoed));
    assertThat(echo.path("protocol").asText()).isEqualTo("HTTP_2");
    assertThat(echo.path("method").asText()).isEqualTo("POST");
    assertThat(echo.path("bodyLength").asInt()).isEqualTo(7);
    assertThat(echo.path("query").path("x").get(0).asText()).isEqualTo("1");
    assertThat(echo.path("user").asText()).isEqualTo("system:anonymous");
  }
}
