package dev.ketch.kubelet.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Port-forward over the WebSocket channel protocol ({@code v4.channel.k8s.io}, fabric8's): one
 * connection per port of the {@code ports} query parameter, channel {@code 2i} carrying the data of
 * the i-th port and {@code 2i+1} its errors; the first message on each channel is the port number
 * (two bytes, little-endian). The WebSocket closes when the port's side does. Confined to the event
 * loop.
 */
final class WebSocketPortForward extends ChannelInboundHandlerAdapter {

  private final PortTargets targets;
  private final List<Integer> ports;
  private final List<PortConnection> connections = new ArrayList<>();

  WebSocketPortForward(PortTargets targets, List<Integer> ports) {
    this.targets = targets;
    this.ports = List.copyOf(ports);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    for (int i = 0; i < ports.size(); i++) {
      int port = ports.get(i);
      int dataChannel = 2 * i;
      channel.write(message(dataChannel, portBytes(port)));
      channel.writeAndFlush(message(dataChannel + 1, portBytes(port)));
      PortConnection c = new PortConnection(channel, new PortConnection.Events() {
        @Override
        public void data(ByteBuf bytes) {
          ByteBuf framed = Unpooled.buffer(bytes.readableBytes() + 1);
          framed.writeByte(dataChannel).writeBytes(bytes);
          bytes.release();
          channel.writeAndFlush(new BinaryWebSocketFrame(framed));
        }

        @Override
        public void failed(String message) {
          channel.write(message(dataChannel + 1, message.getBytes(StandardCharsets.UTF_8)));
          end(channel);
        }

        @Override
        public void closed() {
          end(channel);
        }
      });
      connections.add(c);
      try {
        c.connect(targets.address(port), targets.describe(port));
      } catch (RuntimeException e) {
        c.close();
        channel.write(message(dataChannel + 1, (targets.describe(port) + ": " + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
        end(channel);
      }
    }
  }

  private static void end(Channel channel) {
    channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
  }

  private static byte[] portBytes(int port) {
    return new byte[] {(byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
  }

  private static BinaryWebSocketFrame message(int channel, byte[] bytes) {
    ByteBuf buf = Unpooled.buffer(bytes.length + 1);
    buf.writeByte(channel).writeBytes(bytes);
    return new BinaryWebSocketFrame(buf);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof BinaryWebSocketFrame frame) {
        ByteBuf content = frame.content();
        if (!content.isReadable()) {
          return;
        }
        int ch = content.readUnsignedByte();
        if (ch % 2 == 0 && ch / 2 < connections.size() && content.isReadable()) {
          connections.get(ch / 2).write(content.retain());
        }
      } else if (msg instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof CloseWebSocketFrame) {
        connections.forEach(PortConnection::close);
        end(ctx.channel());
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      connections.forEach(PortConnection::clientWritable);
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    connections.forEach(PortConnection::close);
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
