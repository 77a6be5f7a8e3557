package dev.ketch.proxy.userspace;

import dev.ketch.proxy.model.EndpointAddress;
import dev.ketch.proxy.model.ServicePortName;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Service's UDP port: each client address gets a session, a socket connected to one endpoint,
 * whose answers go back to the client from the Service's address. Sessions end after 30 idle
 * seconds, or when their endpoint is removed (as conntrack entries are cleared for iptables).
 * Datagrams for a port without endpoints are dropped.
 */
final class UdpFrontend extends SimpleChannelInboundHandler<DatagramPacket> {

  private static final int IDLE_SECONDS = 30;

  private final ServicePortName id;
  private final EndpointPicker picker;
  private final Map<InetSocketAddress, Session> sessions = new ConcurrentHashMap<>();

  private record Session(EndpointAddress endpoint, ChannelFuture channel) {}

  UdpFrontend(ServicePortName id, EndpointPicker picker) {
    this.id = id;
    this.picker = picker;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    InetSocketAddress client = packet.sender();
    Session session = sessions.get(client);
    if (session == null) {
      List<EndpointAddress> candidates = picker.candidates(id, client.getAddress().getHostAddress());
      if (candidates.isEmpty()) {
        return;
      }
      EndpointAddress target = candidates.getFirst();
      picker.used(id, client.getAddress().getHostAddress(), target);
      Channel frontend = ctx.channel();
      ChannelFuture f = new Bootstrap().group(ctx.channel().eventLoop()).channel(NioDatagramChannel.class)
          .handler(new io.netty.channel.ChannelInitializer<NioDatagramChannel>() {
            @Override
            protected void initChannel(NioDatagramChannel ch) {
              ch.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS), new Backend(frontend, client));
            }
          })
          .connect(new InetSocketAddress(target.ip(), target.port()));
      session = new Session(target, f);
      sessions.put(client, session);
      f.channel().closeFuture().addListener(c -> sessions.remove(client));
    }
    ByteBuf payload = packet.content().retain();
    session.channel().addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        f.channel().writeAndFlush(payload);
      } else {
        payload.release();
      }
    });
  }

  /** Ends the sessions whose endpoint is no longer one of {@code current}. */
  void dropSessionsNotIn(Set<EndpointAddress> current) {
    sessions.values().stream().filter(s -> !current.contains(s.endpoint())).forEach(s -> s.channel().channel().close());
  }

  void closeAll() {
    sessions.values().forEach(s -> s.channel().channel().close());
  }

  /** Endpoint to client. */
  private static final class Backend extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Channel frontend;
    private final InetSocketAddress client;

    Backend(Channel frontend, InetSocketAddress client) {
      this.frontend = frontend;
      this.client = client;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      frontend.writeAndFlush(new DatagramPacket(packet.content().retain(), client));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof IdleStateEvent) {
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // An ICMP error from the endpoint (port unreachable): the session ends, the next datagram starts another.
      ctx.close();
    }
  }
}
