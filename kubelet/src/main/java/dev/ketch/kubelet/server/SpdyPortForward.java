package dev.ketch.kubelet.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Port-forward over SPDY/3.1 ({@code portforward.k8s.io}), directly or tunnelled in WebSocket
 * messages: for each forwarded connection the client opens an error stream and a data stream with
 * the same {@code requestID} and {@code port} headers; once both are open the kubelet connects to
 * the port and relays the data stream. A failure (nothing listening) is written on that
 * connection's error stream and ends only that connection. Confined to the event loop.
 */
final class SpdyPortForward extends ChannelInboundHandlerAdapter {

  private final PortTargets targets;
  private final Map<String, Pair> byRequest = new HashMap<>();
  private final Map<Integer, Pair> byDataStream = new HashMap<>();

  SpdyPortForward(PortTargets targets) {
    this.targets = targets;
  }

  /** The two streams of one forwarded connection. */
  private static final class Pair {
    int errorStream = -1;
    int dataStream = -1;
    int port;
    PortConnection connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      switch (msg) {
        case SpdySynStreamFrame syn -> opened(ctx, syn);
        case SpdyDataFrame data -> received(data);
        case SpdyRstStreamFrame rst -> reset(rst.streamId());
        case SpdyPingFrame ping -> ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
        case SpdyGoAwayFrame goAway -> ctx.close();
        default -> { }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void opened(ChannelHandlerContext ctx, SpdySynStreamFrame syn) {
    ctx.writeAndFlush(SpdyReplies.to(syn));
    String type = syn.headers().getAsString("streamtype");
    String request = syn.headers().getAsString("requestid");
    String port = syn.headers().getAsString("port");
    Pair pair = byRequest.computeIfAbsent(request == null ? "" : request, k -> new Pair());
    try {
      pair.port = Integer.parseInt(port == null ? "" : port);
    } catch (NumberFormatException e) {
      pair.port = -1;
    }
    if ("error".equals(type)) {
      pair.errorStream = syn.streamId();
    } else if ("data".equals(type)) {
      pair.dataStream = syn.streamId();
      byDataStream.put(syn.streamId(), pair);
    }
    if (pair.errorStream >= 0 && pair.dataStream >= 0 && pair.connection == null) {
      byRequest.remove(request == null ? "" : request);
      start(ctx.channel(), pair);
    }
  }

  private void start(Channel channel, Pair pair) {
    pair.connection = new PortConnection(channel, new PortConnection.Events() {
      @Override
      public void data(io.netty.buffer.ByteBuf bytes) {
        channel.writeAndFlush(new DefaultSpdyDataFrame(pair.dataStream, bytes));
      }

      @Override
      public void failed(String message) {
        DefaultSpdyDataFrame error = new DefaultSpdyDataFrame(pair.errorStream,
            Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
        channel.write(error);
        finish(channel, pair);
      }

      @Override
      public void closed() {
        finish(channel, pair);
      }
    });
    if (pair.port <= 0 || pair.port > 65535) {
      pair.connection.close();
      channel.write(new DefaultSpdyDataFrame(pair.errorStream, Unpooled.copiedBuffer("invalid port", StandardCharsets.UTF_8)));
      finish(channel, pair);
      return;
    }
    try {
      pair.connection.connect(targets.address(pair.port), targets.describe(pair.port));
    } catch (RuntimeException e) {
      pair.connection.close();
      channel.write(new DefaultSpdyDataFrame(pair.errorStream,
          Unpooled.copiedBuffer(targets.describe(pair.port) + ": " + e.getMessage(), StandardCharsets.UTF_8)));
      finish(channel, pair);
    }
  }

  private void finish(Channel channel, Pair pair) {
    byDataStream.remove(pair.dataStream);
    DefaultSpdyDataFrame dataFin = new DefaultSpdyDataFrame(pair.dataStream);
    dataFin.setLast(true);
    DefaultSpdyDataFrame errorFin = new DefaultSpdyDataFrame(pair.errorStream);
    errorFin.setLast(true);
    channel.write(dataFin);
    channel.writeAndFlush(errorFin);
  }

  private void received(SpdyDataFrame data) {
    Pair pair = byDataStream.get(data.streamId());
    if (pair == null || pair.connection == null) {
      return;
    }
    if (data.content().isReadable()) {
      pair.connection.write(data.content().retain());
    }
    if (data.isLast()) {
      pair.connection.endInput();
    }
  }

  private void reset(int streamId) {
    Pair pair = byDataStream.remove(streamId);
    if (pair != null && pair.connection != null) {
      pair.connection.close();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      byDataStream.values().forEach(p -> {
        if (p.connection != null) {
          p.connection.clientWritable();
        }
      });
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    byDataStream.values().forEach(p -> {
      if (p.connection != null) {
        p.connection.close();
      }
    });
    byDataStream.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
