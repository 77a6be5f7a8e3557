package dev.ketch.kubelet.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One forwarded connection to a pod's port, on the client connection's event loop: bytes from the
 * client go to the port (queued until it is connected), bytes from the port go to {@code toClient}.
 * The port's side stops reading while the client's connection cannot take more, and the client's
 * while the port cannot. Confined to the event loop.
 */
final class PortConnection {

  /** What the protocol does with the connection's events. */
  interface Events {
    void data(ByteBuf bytes);

    /** Connecting failed: {@code message} says why. */
    void failed(String message);

    /** The port's side closed. */
    void closed();
  }

  private final Channel client;
  private final Events events;
  private final ArrayDeque<ByteBuf> queued = new ArrayDeque<>();
  private Channel target;
  private boolean inputEnded;
  private boolean done;

  PortConnection(Channel client, Events events) {
    this.client = client;
    this.events = events;
  }

  void connect(InetSocketAddress address, String description) {
    ChannelFuture f = new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new FromPort())
        .connect(address);
    f.addListener(r -> {
      if (!r.isSuccess()) {
        release();
        if (!done) {
          done = true;
          events.failed(description + ": " + r.cause().getMessage());
        }
        return;
      }
      target = f.channel();
      while (!queued.isEmpty()) {
        target.write(queued.poll());
      }
      target.flush();
      if (inputEnded) {
        ((SocketChannel) target).shutdownOutput();
      }
    });
  }

  /** Bytes from the client; takes ownership. */
  void write(ByteBuf bytes) {
    if (done) {
      bytes.release();
      return;
    }
    if (target == null) {
      queued.add(bytes);
      return;
    }
    target.writeAndFlush(bytes);
    if (!target.isWritable()) {
      client.config().setAutoRead(false);
    }
  }

  /** The client will send no more. */
  void endInput() {
    inputEnded = true;
    if (target instanceof SocketChannel s && s.isActive()) {
      s.shutdownOutput();
    }
  }

  /** The client's connection can take more again. */
  void clientWritable() {
    if (target != null) {
      target.config().setAutoRead(true);
    }
  }

  void close() {
    done = true;
    release();
    if (target != null) {
      target.close();
    }
  }

  private void release() {
    while (!queued.isEmpty()) {
      queued.poll().release();
    }
  }

  private final class FromPort extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      events.data((ByteBuf) msg);
      if (!client.isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        client.config().setAutoRead(true);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!done) {
        done = true;
        events.closed();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
