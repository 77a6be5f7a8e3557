package dev.ketch.kubelet.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.function.Function;

/**
 * Exec and attach over the WebSocket channel protocols ({@code v4.channel.k8s.io} and {@code
 * v5.channel.k8s.io}): binary messages whose first byte is the channel (0 stdin, 1 stdout, 2
 * stderr, 3 error, 4 resize); with v5 a message {@code [255, channel]} closes that channel.
 */
final class WebSocketExec extends ChannelInboundHandlerAdapter implements SessionOutput {

  static final byte STDIN = 0;
  static final byte STDOUT = 1;
  static final byte STDERR = 2;
  static final byte ERROR = 3;
  static final byte RESIZE = 4;
  static final int CLOSE = 255;

  private final Channel channel;
  private final StreamSession session;

  WebSocketExec(Channel channel, Function<SessionOutput, StreamSession> sessions) {
    this.channel = channel;
    this.session = sessions.apply(this);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    session.start();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof BinaryWebSocketFrame frame) {
        onMessage(frame.content());
      } else if (msg instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof CloseWebSocketFrame) {
        session.abort();
        ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onMessage(ByteBuf content) {
    if (!content.isReadable()) {
      return;
    }
    int ch = content.readUnsignedByte();
    byte[] data = ByteBufUtil.getBytes(content);
    switch (ch) {
      case STDIN -> session.stdin(data);
      case RESIZE -> ResizeEvents.parse(data, session::resize);
      case CLOSE -> {
        if (data.length > 0 && data[0] == STDIN) {
          session.closeStdin();
        }
      }
      default -> { }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    session.abort();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    session.abort();
    ctx.close();
  }

  @Override
  public void stdout(byte[] bytes) throws IOException {
    send(STDOUT, bytes);
  }

  @Override
  public void stderr(byte[] bytes) throws IOException {
    send(STDERR, bytes);
  }

  @Override
  public void finish(byte[] status) {
    try {
      send(ERROR, status);
    } catch (IOException e) {
      return;
    }
    channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
  }

  private void send(byte ch, byte[] bytes) throws IOException {
    ByteBuf buf = Unpooled.buffer(bytes.length + 1);
    buf.writeByte(ch).writeBytes(bytes);
    Writes.blocking(channel, new BinaryWebSocketFrame(buf));
  }
}
