package dev.ketch.kubelet.server;

import dev.ketch.streaming.Splice;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Relays a client's exec, attach or port-forward request to the runtime's streaming server (the
 * URL a CRI runtime answered): the request goes there with its upgrade headers, the client's HTTP
 * handlers leave its pipeline, and the two connections are spliced, as the API server splices the
 * client to the kubelet. Confined to the event loop.
 */
final class RuntimeRelay {

  private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "transfer-encoding");

  private RuntimeRelay() {}

  /**
   * Connects to {@code target} and splices; when connecting fails, {@code failed} answers the
   * client with the reason.
   */
  static void relay(ChannelHandlerContext ctx, FullHttpRequest request, URI target,
      BiConsumer<Integer, String> failed) {
    Channel client = ctx.channel();
    int port = target.getPort() > 0 ? target.getPort() : 80;
    byte[] head = head(request, target, port);
    ChannelFuture connect = new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {}
        })
        .connect(target.getHost(), port);
    connect.addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        failed.accept(500, "error dialing the runtime's streaming server: " + f.cause().getMessage());
        return;
      }
      request.release();
      Channel upstream = f.channel();
      ChannelPipeline p = client.pipeline();
      p.remove("aggregator");
      p.replace(ctx.name(), "splice", new Splice(upstream));
      p.remove("http");
      upstream.pipeline().addLast("splice", new Splice(client));
      upstream.writeAndFlush(Unpooled.wrappedBuffer(head));
      upstream.config().setAutoRead(true);
      client.config().setAutoRead(true);
    });
  }

  private static byte[] head(FullHttpRequest request, URI target, int port) {
    StringBuilder b = new StringBuilder();
    b.append(request.method().name()).append(' ').append(target.getRawPath());
    if (target.getRawQuery() != null) {
      b.append('?').append(target.getRawQuery());
    }
    b.append(" HTTP/1.1\r\nHost: ").append(target.getHost()).append(':').append(port).append("\r\n");
    for (Map.Entry<String, String> h : request.headers()) {
      if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
    }
    b.append("Content-Length: 0\r\n\r\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
