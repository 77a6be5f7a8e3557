package dev.ketch.proxy.userspace;

import dev.ketch.proxy.model.EndpointAddress;
import dev.ketch.proxy.model.ServicePortName;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One accepted client connection: connects to an endpoint (the next one if it fails) and relays
 * bytes both ways until either side closes. Without any endpoint that answers, the client's
 * connection is reset at once.
 */
final class TcpFrontend extends ChannelInboundHandlerAdapter {

  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  private final ServicePortName id;
  private final EndpointPicker picker;
  private Channel outbound;

  TcpFrontend(ServicePortName id, EndpointPicker picker) {
    this.id = id;
    this.picker = picker;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    String client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
    connect(ctx.channel(), client, picker.candidates(id, client), 0);
  }

  private void connect(Channel inbound, String client, List<EndpointAddress> candidates, int index) {
    if (index >= candidates.size()) {
      inbound.config().setOption(ChannelOption.SO_LINGER, 0);
      inbound.close();
      return;
    }
    EndpointAddress target = candidates.get(index);
    new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
        .handler(new Relay(inbound))
        .connect(new InetSocketAddress(target.ip(), target.port()))
        .addListener((ChannelFutureListener) f -> {
          if (f.isSuccess()) {
            outbound = f.channel();
            picker.used(id, client, target);
            inbound.config().setAutoRead(true);
          } else {
            connect(inbound, client, candidates, index + 1);
          }
        });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    outbound.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        ctx.close();
      }
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (outbound != null) {
      closeOnFlush(outbound);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    closeOnFlush(ctx.channel());
  }

  static void closeOnFlush(Channel ch) {
    if (ch.isActive()) {
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Endpoint to client. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel inbound;

    Relay(Channel inbound) {
      this.inbound = inbound;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      inbound.writeAndFlush(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closeOnFlush(inbound);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      closeOnFlush(ctx.channel());
    }
  }
}
