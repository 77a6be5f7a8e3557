package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.StatusException;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a request channel (an HTTP/1.1 connection, or an HTTP/2 stream's child
 * channel): takes each aggregated request off the event loop and hands it to the server, which
 * serves it on a virtual thread. An HTTP/1.1 connection serves one request at a time; requests a
 * client pipelines behind it wait here, in order. Confined to the channel's event loop.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);
  private static final int MAX_PIPELINED = 16;

  private final ServerContext server;
  private final ConnectionInfo connection;
  private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
  private Exchange current;

  RequestDispatcher(ServerContext server, ConnectionInfo connection) {
    this.server = server;
    this.connection = connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (current != null) {
      if (pipelined.size() >= MAX_PIPELINED) {
        request.release();
        ctx.close();
        return;
      }
      pipelined.add(request);
      return;
    }
    start(ctx, request);
  }

  private void start(ChannelHandlerContext ctx, FullHttpRequest request) {
    IncomingRequest incoming;
    try {
      if (!request.decoderResult().isSuccess()) {
        AccessLog.refused(request.method().name(), request.uri(), 400);
        FullHttpResponse bad = StatusResponses.full(StatusException.badRequest("malformed HTTP request: " + request.decoderResult().cause().getMessage()));
        bad.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      incoming =
          new IncomingRequest(request.method().name(), request.uri(), headers(request), ByteBufUtil.getBytes(request.content()), connection);
    } finally {
      request.release();
    }
    Exchange exchange = new Exchange(ctx.channel(), connection.protocol(), () -> completed(ctx));
    current = exchange;
    server.dispatch(incoming, exchange);
  }

  /** Event loop: the current response is fully written; go on with the next pipelined request. */
  private void completed(ChannelHandlerContext ctx) {
    current = null;
    FullHttpRequest next = pipelined.poll();
    if (next != null) {
      if (ctx.channel().isActive()) {
        start(ctx, next);
      } else {
        next.release();
      }
    }
  }

  private static Headers headers(FullHttpRequest request) {
    Headers.Builder b = Headers.builder();
    for (Map.Entry<String, String> e : request.headers()) {
      // HTTP/2 requests converted to HTTP/1 objects carry Netty's own x-http2-* fields.
      if (!e.getKey().regionMatches(true, 0, "x-http2-", 0, 8)) {
        b.add(e.getKey(), e.getValue());
      }
    }
    return b.build();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (current != null) {
      current.writabilityChanged();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (current != null) {
      current.channelClosed();
    }
    FullHttpRequest r;
    while ((r = pipelined.poll()) != null) {
      r.release();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("closing channel={} after error=\"{}\"", ctx.channel(), cause.toString());
    ctx.close();
  }
}
