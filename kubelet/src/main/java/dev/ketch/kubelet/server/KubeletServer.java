package dev.ketch.kubelet.server;

import dev.ketch.kubelet.runtime.RuntimeService;
import dev.ketch.pki.Credential;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's own HTTPS endpoint (upstream's port 10250), which the API server calls for {@code
 * pods/log}, {@code exec}, {@code attach} and {@code portforward}:
 *
 * <pre>
 * GET  /containerLogs/{namespace}/{pod}/{container}   the log, streamed (follow, previous, tailLines, …)
 * *    /exec/{namespace}/{pod}/{container}?command=…  upgraded to WebSocket (v5/v4.channel.k8s.io) or SPDY/3.1
 * *    /attach/{namespace}/{pod}/{container}          the same
 * *    /portForward/{namespace}/{pod}                 WebSocket (SPDY tunnel or v4 channels) or SPDY/3.1
 * GET  /healthz
 * </pre>
 *
 * <p>TLS with a client certificate required: signed by the cluster CA and naming the API server's
 * kubelet client ({@code kube-apiserver-kubelet-client}); everything else is refused. The serving
 * certificate is the node's own (self-signed): the API server does not verify it, as upstream's
 * does not without {@code --kubelet-certificate-authority} (docs/decisions/kubelet-server.md).
 *
 * <p>Threads: two event-loop threads ({@code kubelet-server-N}) own the sockets and the protocol
 * framing; commands, log reads and runtime calls run on virtual threads.
 */
public final class KubeletServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KubeletServer.class);

  private final EventLoopGroup group;
  private final Channel listener;

  private KubeletServer(EventLoopGroup group, Channel listener) {
    this.group = group;
    this.listener = listener;
  }

  /**
   * Binds and serves.
   *
   * @param serving the server's certificate and key
   * @param clusterCa the CA client certificates must be signed by
   * @param runtime the node's runtime; exec, attach and port-forward need it to be a {@link
   *     dev.ketch.kubelet.runtime.StreamingService}
   * @param logDir where pod logs are ({@code <ns>_<pod>_<uid>/<container>/<n>.log})
   * @throws IllegalStateException when the address cannot be bound
   */
  public static KubeletServer start(InetSocketAddress bind, Credential serving, X509Certificate clusterCa,
      RuntimeService runtime, Path logDir) {
    SslContext tls;
    try {
      tls = SslContextBuilder.forServer(serving.privateKey(), serving.chain())
          .trustManager(clusterCa)
          .clientAuth(ClientAuth.REQUIRE)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up the kubelet's TLS: " + e.getMessage(), e);
    }
    ContainerLocator locator = new ContainerLocator(runtime, logDir);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("kubelet-server"), NioIoHandler.newFactory());
    try {
      Channel listener = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
              ch.pipeline().addLast("http", new HttpServerCodec());
              ch.pipeline().addLast("aggregator", new HttpObjectAggregator(1 << 20));
              ch.pipeline().addLast("requests", new KubeletRequests(locator));
            }
          })
          .bind(bind)
          .syncUninterruptibly()
          .channel();
      KubeletServer server = new KubeletServer(group, listener);
      log.atInfo().addKeyValue("address", server.address()).log("kubelet serving HTTPS");
      return server;
    } catch (Exception e) { // Netty rethrows the BindException unchecked
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IllegalStateException("cannot listen on " + bind + ": " + e.getMessage(), e);
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  public int port() {
    return address().getPort();
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
