package dev.ketch.dns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over UDP and TCP (RFC 1035 section 4.2, RFC 7766) on one address. Each query is handled on
 * a virtual thread, since forwarding blocks; answers go back on the channel it came on. TCP
 * connections idle for 10 seconds are closed. Clients the {@link ClientFilter} refuses get no answer.
 */
public final class DnsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
  private static final int TCP_IDLE_SECONDS = 10;

  private final EventLoopGroup group;
  private final ExecutorService queries;
  private final Channel udp;
  private final Channel tcp;

  private DnsServer(EventLoopGroup group, ExecutorService queries, Channel udp, Channel tcp) {
    this.group = group;
    this.queries = queries;
    this.udp = udp;
    this.tcp = tcp;
  }

  /** Binds UDP and TCP on {@code address} (port 0: a free port, the same for both). */
  public static DnsServer start(InetSocketAddress address, QueryHandler handler, ClientFilter clients) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("ketch-dns"), NioIoHandler.newFactory());
    ExecutorService queries = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ketch-dns-query-", 0).factory());
    Answering answering = new Answering(handler, queries, clients);
    try {
      Channel tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new IdleStateHandler(0, 0, TCP_IDLE_SECONDS, TimeUnit.SECONDS),
                  new LengthFieldBasedFrameDecoder(65_535, 0, 2, 0, 2), new LengthFieldPrepender(2),
                  new TcpQueries(answering));
            }
          }).bind(address).syncUninterruptibly().channel();
      InetSocketAddress bound = (InetSocketAddress) tcp.localAddress();
      Channel udp;
      try {
        udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(new UdpQueries(answering))
            .bind(bound).syncUninterruptibly().channel();
      } catch (RuntimeException e) {
        tcp.close().syncUninterruptibly();
        throw e;
      }
      log.atInfo().addKeyValue("address", bound).log("cluster DNS listening on UDP and TCP");
      return new DnsServer(group, queries, udp, tcp);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
      queries.close();
      throw new IllegalStateException("cannot listen for DNS on " + address + ": " + e.getMessage(), e);
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) udp.localAddress();
  }

  @Override
  public void close() {
    udp.close().syncUninterruptibly();
    tcp.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    queries.shutdownNow();
  }

  /** What both transports answer with: the handler, the executor it runs on, who may ask. */
  private record Answering(QueryHandler handler, ExecutorService queries, ClientFilter clients) {}

  private static final class UdpQueries extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Answering answering;

    UdpQueries(Answering answering) {
      this.answering = answering;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      byte[] request = ByteBufUtil.getBytes(packet.content());
      InetSocketAddress sender = packet.sender();
      if (!answering.clients().test(sender.getAddress())) {
        return;
      }
      answering.queries().execute(() -> answering.handler().handle(request, false)
          .ifPresent(answer -> ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), sender))));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.atDebug().addKeyValue("error", cause.toString()).log("UDP receive failed");
    }
  }

  private static final class TcpQueries extends SimpleChannelInboundHandler<ByteBuf> {
    private final Answering answering;

    TcpQueries(Answering answering) {
      this.answering = answering;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      if (!answering.clients().test(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress())) {
        ctx.close();
        return;
      }
      super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      byte[] request = ByteBufUtil.getBytes(frame);
      answering.queries().execute(() -> answering.handler().handle(request, true)
          .ifPresentOrElse(answer -> ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)), ctx::close));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof IdleStateEvent) {
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.atDebug().addKeyValue("peer", ctx.channel().remoteAddress()).addKeyValue("error", cause.toString())
          .log("DNS TCP connection failed");
      ctx.close();
    }
  }
}
