package dev.ketch.kubelet.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Exec and attach over SPDY/3.1 ({@code v4.channel.k8s.io}): the client opens one stream per
 * standard stream, named by its {@code streamtype} header (error, stdin, stdout, stderr, resize);
 * once every stream the request asked for is open the session starts. Output goes out as DATA
 * frames on the stdout and stderr streams, the outcome as a Status on the error stream, and then
 * every stream is finished and the connection closed. Confined to the channel's event loop, except
 * for the {@link SessionOutput} methods, which the session's threads call.
 */
final class SpdyExec extends ChannelInboundHandlerAdapter implements SessionOutput {

  /** How long the client has to open the streams it asked for, as upstream. */
  static final long STREAM_WAIT_SECONDS = 30;

  private final Channel channel;
  private final Set<String> expected;
  private final Function<SessionOutput, StreamSession> sessions;
  private final Map<String, Integer> streams = new HashMap<>();
  private final Set<Integer> open = new HashSet<>();
  private StreamSession session;

  SpdyExec(Channel channel, Set<String> expected, Function<SessionOutput, StreamSession> sessions) {
    this.channel = channel;
    this.expected = Set.copyOf(expected);
    this.sessions = sessions;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.executor().schedule(() -> {
      if (session == null && channel.isActive()) {
        channel.close();
      }
    }, STREAM_WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      switch (msg) {
        case SpdySynStreamFrame syn -> opened(ctx, syn);
        case SpdyDataFrame data -> received(data);
        case SpdyPingFrame ping -> ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
        case SpdyGoAwayFrame goAway -> ctx.close();
        default -> { }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void opened(ChannelHandlerContext ctx, SpdySynStreamFrame syn) {
    String type = syn.headers().getAsString("streamtype");
    ctx.writeAndFlush(SpdyReplies.to(syn));
    if (type == null) {
      return;
    }
    streams.put(type, syn.streamId());
    open.add(syn.streamId());
    if (session == null && streams.keySet().containsAll(expected)) {
      session = sessions.apply(this);
      session.start();
    }
  }

  private void received(SpdyDataFrame data) {
    if (session == null) {
      return;
    }
    int id = data.streamId();
    if (id == streams.getOrDefault("stdin", -1)) {
      session.stdin(ByteBufUtil.getBytes(data.content()));
      if (data.isLast()) {
        session.closeStdin();
      }
    } else if (id == streams.getOrDefault("resize", -1)) {
      ResizeEvents.parse(ByteBufUtil.getBytes(data.content()), session::resize);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (session != null) {
      session.abort();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (session != null) {
      session.abort();
    }
    ctx.close();
  }

  @Override
  public void stdout(byte[] bytes) throws IOException {
    send("stdout", bytes);
  }

  @Override
  public void stderr(byte[] bytes) throws IOException {
    send("stderr", bytes);
  }

  @Override
  public void finish(byte[] status) {
    try {
      send("error", status);
    } catch (IOException e) {
      return;
    }
    channel.eventLoop().execute(() -> {
      for (int id : open) {
        DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
        fin.setLast(true);
        channel.write(fin);
      }
      channel.writeAndFlush(new DefaultSpdyGoAwayFrame(0)).addListener(ChannelFutureListener.CLOSE);
    });
  }

  private void send(String type, byte[] bytes) throws IOException {
    Integer id = streams.get(type);
    if (id == null) {
      return;
    }
    Writes.blocking(channel, new DefaultSpdyDataFrame(id, Unpooled.wrappedBuffer(bytes)));
  }
}
