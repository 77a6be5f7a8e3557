package dev.ketch.apiserver.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's HTTPS front end: TLS with optional client certificates, HTTP/2 and HTTP/1.1 on
 * one port (ALPN), request bodies read in full up to a limit, authentication, an in-flight limit,
 * and each request handed to an {@link ApiHandler}.
 *
 * <h2>Threads</h2>
 *
 * <ul>
 *   <li>One acceptor thread ({@code ketch-https-accept}) and {@link HttpServerConfig#ioThreads()}
 *       event-loop threads ({@code ketch-https-io-N}) own the sockets: TLS, HTTP/1.1 parsing,
 *       HTTP/2 framing (PING and SETTINGS answered here), body aggregation, and the 413 answer.
 *       They never authenticate, never call a handler, and never block.
 *   <li>Every request is served on a new virtual thread ({@code ketch-api-N}): decoding of the
 *       target, authentication (client certificate, else bearer token), the in-flight permit, then
 *       {@link ApiHandler#handle}. A handler may block freely; a watch keeps its virtual thread for
 *       as long as it streams.
 *   <li>Responses are written from the request's thread; Netty carries each write to the event
 *       loop, in order. A stream's {@link ResponseStream#write} blocks while the client does not
 *       read (TCP or HTTP/2 flow control), pacing the writer to the reader.
 *   <li>{@link ApiResponse#onClose} listeners run on the event loop.
 * </ul>
 *
 * <h2>Shutdown</h2>
 *
 * {@link #close()} stops accepting connections, sends HTTP/2 clients a GOAWAY, answers new
 * requests on open connections with 429 and {@code Retry-After}, waits up to {@link
 * HttpServerConfig#shutdownGracePeriod()} for requests in flight, then ends every stream cleanly
 * (watchers see the end of their watch and its {@code onClose}), closes the connections and stops
 * the threads. Safe to call from any thread, more than once.
 */
public final class HttpsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpsServer.class);

  private final ServerContext context;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final ExecutorService requests;
  private final ChannelGroup connections;
  private final Channel listener;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpsServer(
      ServerContext context, EventLoopGroup acceptor, EventLoopGroup workers, ExecutorService requests,
      ChannelGroup connections, Channel listener) {
    this.context = context;
    this.acceptor = acceptor;
    this.workers = workers;
    this.requests = requests;
    this.connections = connections;
    this.listener = listener;
  }

  /**
   * Binds and starts serving; returns once the port is open.
   *
   * @throws IllegalStateException when the port cannot be bound or TLS cannot be set up
   */
  public static HttpsServer start(HttpServerConfig config, ApiHandler handler) {
    SslContext tls;
    try {
      tls = TlsContexts.server(config.serving(), config.clientCas());
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
    ExecutorService requests = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ketch-api-", 0).factory());
    ServerContext context = new ServerContext(config, handler, requests);
    EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ketch-https-accept"), NioIoHandler.newFactory());
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("ketch-https-io"), NioIoHandler.newFactory());
    ChannelGroup connections = new DefaultChannelGroup("ketch-https", GlobalEventExecutor.INSTANCE);
    try {
      Channel listener =
          new ServerBootstrap()
              .group(acceptor, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      connections.add(ch);
                      ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                      ch.pipeline().addLast("alpn", new ProtocolNegotiator(context));
                    }
                  })
              .bind(config.bindAddress())
              .syncUninterruptibly()
              .channel();
      HttpsServer server = new HttpsServer(context, acceptor, workers, requests, connections, listener);
      log.info("serving HTTPS address={} protocols=h2,http/1.1", server.address());
      return server;
    } catch (RuntimeException e) {
      acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      requests.shutdownNow();
      throw new IllegalStateException("cannot listen on " + config.bindAddress() + ": " + e.getMessage(), e);
    }
  }

  /** The address the server listens on, with the actual port. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  public int port() {
    return address().getPort();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Duration grace = context.config().shutdownGracePeriod();
    log.info("stopping HTTPS address={} gracePeriod={}", address(), grace);
    context.startDraining();
    listener.close().syncUninterruptibly();
    for (Channel c : connections) {
      if (c.pipeline().get("http2-frames") != null) {
        c.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
      }
    }
    try {
      if (!context.awaitRequestsDone(grace)) {
        log.warn("requests still in flight after gracePeriod={}; closing their connections", grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    context.endStreams();
    connections.close().awaitUninterruptibly(grace.toMillis() + 1000);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    requests.shutdown();
    try {
      if (!requests.awaitTermination(grace.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        log.warn("request threads still running after shutdown; interrupting them");
        requests.shutdownNow();
      }
    } catch (InterruptedException e) {
      requests.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.info("stopped HTTPS");
  }
}
