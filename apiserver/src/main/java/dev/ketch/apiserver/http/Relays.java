package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.streaming.Splice;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * Connects to an {@link Upstream} and splices a client's HTTP/1.1 connection onto it: the client's
 * HTTP handlers leave its pipeline, and bytes flow both ways unread.
 */
final class Relays {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private Relays() {}

  /**
   * Connects (TCP and TLS) on the client's event loop; blocks the calling thread until done.
   *
   * @throws StatusException 503 when the upstream cannot be reached
   */
  static Channel connect(EventLoop loop, Upstream upstream) {
    ChannelFuture f = new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
        .option(ChannelOption.AUTO_READ, false)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast("tls", upstream.tls().newHandler(ch.alloc(), upstream.address().getHostString(),
                upstream.address().getPort()));
          }
        })
        .connect(upstream.address());
    f.awaitUninterruptibly();
    if (!f.isSuccess()) {
      throw StatusException.of(Reason.SERVICE_UNAVAILABLE, "error dialing backend: " + f.cause().getMessage());
    }
    var handshake = f.channel().pipeline().get(SslHandler.class).handshakeFuture().awaitUninterruptibly();
    if (!handshake.isSuccess()) {
      f.channel().close();
      throw StatusException.of(Reason.SERVICE_UNAVAILABLE, "error dialing backend: " + handshake.cause().getMessage());
    }
    return f.channel();
  }

  /** Event loop: takes the client's connection over and relays it to {@code target}. */
  static void splice(Channel client, Channel target, byte[] requestHead) {
    if (!client.isActive()) {
      target.close();
      return;
    }
    ChannelPipeline p = client.pipeline();
    for (String name : new String[] {"dispatcher", "body", "http1-keep-alive"}) {
      if (p.get(name) != null) {
        p.remove(name);
      }
    }
    p.addLast("splice", new Splice(target));
    if (p.get("http1-codec") != null) {
      p.remove("http1-codec");
    }
    target.pipeline().addLast("splice", new Splice(client));
    target.writeAndFlush(Unpooled.wrappedBuffer(requestHead));
    target.config().setAutoRead(true);
    client.config().setAutoRead(true);
  }
}
