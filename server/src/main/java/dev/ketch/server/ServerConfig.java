package dev.ketch.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code ketch server} was asked to run.
 *
 * @param dataDir the server's state directory
 * @param store which store holds cluster state
 * @param etcdEndpoints the etcd cluster, when {@code store} is {@link StoreKind#ETCD}
 * @param etcdListen host:port for the embedded store's etcd API, or "off"
 * @param compactionInterval how often history is compacted
 */
record ServerConfig(
    Path dataDir,
    StoreKind store,
    List<String> etcdEndpoints,
    String etcdListen,
    Duration compactionInterval) {

  enum StoreKind {
    EMBEDDED,
    ETCD
  }

  ServerConfig {
    etcdEndpoints = List.copyOf(etcdEndpoints);
  }

  static Path defaultDataDir() {
    boolean root = "root".equals(System.getProperty("user.name"));
    return root ? Path.of("/var/lib/ketch") : Path.of(System.getProperty("user.home"), ".ketch");
  }

  Path storeDir() {
    return dataDir.resolve("store");
  }

  boolean servesEtcdApi() {
    return store == StoreKind.EMBEDDED && !"off".equalsIgnoreCase(etcdListen);
  }

  InetSocketAddress etcdListenAddress() {
    int colon = etcdListen.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--etcd-listen must be host:port or 'off', not '" + etcdListen + "'");
    }
    String host = etcdListen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new InetSocketAddress(host, Integer.parseInt(etcdListen.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--etcd-listen has no valid port: '" + etcdListen + "'", e);
    }
  }

  /** Refuses combinations that cannot work, with a message naming the option at fault. */
  void validate() {
    if (store == StoreKind.ETCD && etcdEndpoints.isEmpty()) {
      throw new IllegalArgumentException("--store etcd needs --etcd-endpoints URL[,URL...]");
    }
    if (store == StoreKind.EMBEDDED && !etcdEndpoints.isEmpty()) {
      throw new IllegalArgumentException("--etcd-endpoints is only used with --store etcd");
    }
    if (compactionInterval.isZero() || compactionInterval.isNegative()) {
      throw new IllegalArgumentException("--compaction-interval must be positive");
    }
    if (servesEtcdApi()) {
      etcdListenAddress();
    }
  }
}
