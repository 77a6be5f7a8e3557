package dev.ketch.proxy.userspace;

import dev.ketch.proxy.ProxyBackend;
import dev.ketch.proxy.model.ProxyModel;
import dev.ketch.proxy.model.ServicePortName;
import dev.ketch.proxy.model.ServicePortSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy in user space, for the process runtime and for machines whose packet filter cannot
 * be programmed: a Netty listener on each cluster IP:port (and on every address at each node
 * port) relaying TCP connections and UDP sessions to an endpoint chosen at random, sticky with
 * sessionAffinity ClientIP. A cluster IP must be an address of this machine to be listened on:
 * {@code assignAddress} is asked to add it (e.g. to the loopback device) when binding fails.
 */
public final class UserspaceBackend implements ProxyBackend {

  private static final Logger log = LoggerFactory.getLogger(UserspaceBackend.class);

  /** A socket the backend listens on. */
  record ListenKey(String ip, int port, String protocol) {}

  private record Listener(ServicePortName id, Channel channel, UdpFrontend udp) {}

  private final EventLoopGroup group;
  private final EndpointPicker picker = new EndpointPicker();
  private final Predicate<String> assignAddress;
  private final Map<ListenKey, Listener> listeners = new HashMap<>();
  /** Sockets that could not be listened on, each warned about once; retried at every sync. */
  private final Set<ListenKey> failed = new HashSet<>();

  /** @param assignAddress adds an IP to this machine so that it can be listened on; false if it could not */
  public UserspaceBackend(Predicate<String> assignAddress) {
    this.assignAddress = assignAddress;
    this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("ketch-proxy"), NioIoHandler.newFactory());
  }

  @Override
  public String name() {
    return "userspace";
  }

  @Override
  public synchronized void sync(ProxyModel model) {
    picker.update(model);
    Map<ListenKey, ServicePortName> desired = new HashMap<>();
    for (ServicePortSpec spec : model.services().values()) {
      if (!spec.protocol().equals("TCP") && !spec.protocol().equals("UDP")) {
        continue;
      }
      for (String ip : spec.clusterIps()) {
        desired.put(new ListenKey(ip, spec.port(), spec.protocol()), spec.id());
      }
      for (String ip : spec.externalIps()) {
        desired.put(new ListenKey(ip, spec.port(), spec.protocol()), spec.id());
      }
      if (spec.nodePort() > 0) {
        desired.put(new ListenKey("0.0.0.0", spec.nodePort(), spec.protocol()), spec.id());
      }
    }
    failed.retainAll(desired.keySet());
    listeners.entrySet().removeIf(e -> {
      boolean stale = !e.getValue().id().equals(desired.get(e.getKey()));
      if (stale) {
        close(e.getValue());
      }
      return stale;
    });
    desired.forEach((key, id) -> {
      if (!listeners.containsKey(key)) {
        open(key, id);
      }
    });
    for (Listener l : listeners.values()) {
      if (l.udp() != null) {
        l.udp().dropSessionsNotIn(new HashSet<>(model.endpointsOf(l.id())));
      }
    }
  }

  private void open(ListenKey key, ServicePortName id) {
    try {
      listeners.put(key, bind(key, id));
      failed.remove(key);
    } catch (RuntimeException first) {
      if (assignAddress.test(key.ip())) {
        try {
          listeners.put(key, bind(key, id));
          failed.remove(key);
          return;
        } catch (RuntimeException e) {
          first = e;
        }
      }
      if (!failed.add(key)) {
        return;
      }
      log.atWarn().addKeyValue("service", id).addKeyValue("address", key.ip() + ":" + key.port())
          .addKeyValue("error", first.getMessage()).log("cannot listen for a Service port");
    }
  }

  private Listener bind(ListenKey key, ServicePortName id) {
    InetSocketAddress address = new InetSocketAddress(key.ip(), key.port());
    if (key.protocol().equals("UDP")) {
      UdpFrontend udp = new UdpFrontend(id, picker);
      Channel ch = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(udp)
          .bind(address).syncUninterruptibly().channel();
      return new Listener(id, ch, udp);
    }
    Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel c) {
            c.pipeline().addLast(new TcpFrontend(id, picker));
          }
        }).bind(address).syncUninterruptibly().channel();
    return new Listener(id, ch, null);
  }

  private static void close(Listener l) {
    if (l.udp() != null) {
      l.udp().closeAll();
    }
    l.channel().close().syncUninterruptibly();
  }

  /** The sockets listened on now. */
  synchronized Set<ListenKey> listening() {
    return Set.copyOf(listeners.keySet());
  }

  @Override
  public synchronized void close() {
    listeners.values().forEach(UserspaceBackend::close);
    listeners.clear();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
