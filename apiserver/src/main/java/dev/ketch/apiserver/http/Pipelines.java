package dev.ketch.apiserver.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers behind TLS for each protocol. Both end in the same {@link BodyAggregator} and
 * {@link RequestDispatcher}, so handlers see one kind of request whichever protocol carried it.
 *
 * <pre>
 * HTTP/1.1: HttpServerCodec, HttpServerKeepAliveHandler, BodyAggregator, RequestDispatcher
 * HTTP/2:   Http2FrameCodec (answers PINGs, SETTINGS), Http2MultiplexHandler, and per stream:
 *           Http2StreamFrameToHttpObjectCodec, BodyAggregator, RequestDispatcher
 * </pre>
 *
 * <p>An HTTP/1.1 connection upgraded to a WebSocket (a watch) swaps its HTTP handlers for frame
 * codecs: WebSocket13FrameDecoder, WebSocket13FrameEncoder, WebSocketControl, then the
 * BodyAggregator and RequestDispatcher, which only see the connection close from then on.
 */
final class Pipelines {

  /** The largest frame a client may send on a WebSocket: control frames and small messages only. */
  private static final int MAX_INBOUND_WEBSOCKET_FRAME = 64 * 1024;

  /** As Go's net/http: request lines and header blocks up to 1 MiB. */
  static final int MAX_HEADER_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(Pipelines.class);

  private Pipelines() {}

  static void http1(ChannelPipeline p, ServerContext server, ConnectionInfo connection) {
    p.addLast("http1-codec", new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_HEADER_BYTES).setMaxHeaderSize(MAX_HEADER_BYTES)));
    p.addLast("http1-keep-alive", new HttpServerKeepAliveHandler());
    p.addLast("body", new BodyAggregator(server.config().maxBodyBytes()));
    p.addLast("dispatcher", new RequestDispatcher(server, connection));
  }

  /**
   * Event loop: writes the upgrade's answer through the HTTP codec, then replaces the HTTP handlers
   * with WebSocket frame codecs. Bytes the HTTP decoder had already read go to the frame decoder.
   */
  static void switchToWebSocket(Channel channel, FullHttpResponse switching) {
    ChannelPipeline p = channel.pipeline();
    if (p.get("http1-codec") == null) {
      switching.release();
      channel.close();
      return;
    }
    p.remove("http1-keep-alive");
    channel.writeAndFlush(switching);
    p.addAfter("http1-codec", "ws-decoder", new WebSocket13FrameDecoder(true, false, MAX_INBOUND_WEBSOCKET_FRAME));
    p.addAfter("ws-decoder", "ws-encoder", new WebSocket13FrameEncoder(false));
    p.addAfter("ws-encoder", "ws-control", new WebSocketControl());
    p.remove("http1-codec");
  }

  static void http2(ChannelPipeline p, ServerContext server, ConnectionInfo connection) {
    Http2Settings settings =
        Http2Settings.defaultSettings().maxConcurrentStreams(server.config().maxConcurrentStreams()).maxHeaderListSize(MAX_HEADER_BYTES);
    p.addLast("http2-frames", Http2FrameCodecBuilder.forServer().initialSettings(settings).gracefulShutdownTimeoutMillis(1000).build());
    p.addLast(
        "http2-multiplex",
        new Http2MultiplexHandler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel stream) {
                ChannelPipeline sp = stream.pipeline();
                sp.addLast("http2-to-http1", new Http2StreamFrameToHttpObjectCodec(true));
                sp.addLast("body", new BodyAggregator(server.config().maxBodyBytes()));
                sp.addLast("dispatcher", new RequestDispatcher(server, connection));
              }
            }));
    p.addLast("http2-errors", new ConnectionErrors());
  }

  /** Last in an HTTP/2 connection's pipeline: logs and closes on errors no stream took. */
  static final class ConnectionErrors extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Channel ch = ctx.channel();
      log.debug("closing connection remote={} after error=\"{}\"", ch.remoteAddress(), cause.toString());
      ctx.close();
    }
  }
}
