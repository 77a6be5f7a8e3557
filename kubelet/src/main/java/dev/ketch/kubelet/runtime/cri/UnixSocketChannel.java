package dev.ketch.kubelet.runtime.cri;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext gRPC channel to a server on a unix domain socket (containerd's CRI endpoint), over
 * Netty's NIO domain socket channel, which needs no native library (docs/decisions/cri-transport.md).
 * The channel connects lazily and reconnects by itself when the server restarts; calls made while
 * it is down fail with UNAVAILABLE.
 *
 * <p>Thread-safe. Threads: one Netty event loop thread ({@code cri-io}) for the socket; {@link
 * #close()} stops it.
 */
public final class UnixSocketChannel implements AutoCloseable {

  /** containerd's CRI messages are capped at 16 MiB, as here. */
  private static final int MAX_MESSAGE = 16 * 1024 * 1024;

  private final Path socket;
  private final EventLoopGroup group;
  private final ManagedChannel channel;

  private UnixSocketChannel(Path socket) {
    this.socket = socket;
    this.group = new MultiThreadIoEventLoopGroup(1, Thread.ofPlatform().name("cri-io").daemon().factory(),
        NioIoHandler.newFactory());
    this.channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
        .channelType(NioDomainSocketChannel.class)
        .eventLoopGroup(group)
        // gRPC asks every channel for TCP keep-alive; a unix socket has none (unset, Netty would warn on each connect).
        .withOption(ChannelOption.SO_KEEPALIVE, null)
        .usePlaintext()
        // The HTTP/2 authority of a unix socket is conventionally "localhost", as containerd's clients send.
        .overrideAuthority("localhost")
        .maxInboundMessageSize(MAX_MESSAGE)
        .build();
  }

  /**
   * A channel to the socket at {@code endpoint}: a path, or a {@code unix://} URL as kubelet's
   * {@code --container-runtime-endpoint} takes.
   */
  public static UnixSocketChannel open(String endpoint) {
    return new UnixSocketChannel(socketPath(endpoint));
  }

  /** The socket path of {@code unix:///run/containerd/containerd.sock} or of a plain path. */
  public static Path socketPath(String endpoint) {
    String path = endpoint.startsWith("unix://") ? endpoint.substring("unix://".length()) : endpoint;
    if (path.isEmpty() || endpoint.contains("://") && !endpoint.startsWith("unix://")) {
      throw new IllegalArgumentException("not a unix socket endpoint: " + endpoint);
    }
    return Path.of(path);
  }

  public ManagedChannel channel() {
    return channel;
  }

  public Path socket() {
    return socket;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
