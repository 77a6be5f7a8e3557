package dev.ketch.store.grpc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link EtcdEndpoint} listens and who it says it is.
 *
 * @param address where to listen; port 0 picks a free port. Only loopback addresses are allowed,
 *     as the endpoint has no TLS yet
 * @param clusterId the cluster id of every response header (unsigned 64-bit)
 * @param memberId the member id of every response header, and the leader (unsigned 64-bit)
 * @param memberName the member's name in member lists
 * @param peerUrls the member's peer URLs in member lists; a single member has no peers to talk to
 * @param raftTerm the raft term reported
 * @param etcdVersion the etcd version reported by status calls when the store's own version is not
 *     shaped like an etcd version
 * @param progressNotifyInterval how often watches that asked for progress notifications get one
 * @param maxTxnOps the most operations in a transaction, as etcd's {@code --max-txn-ops}
 */
public record EtcdEndpointConfig(
    InetSocketAddress address,
    long clusterId,
    long memberId,
    String memberName,
    List<URI> peerUrls,
    long raftTerm,
    String etcdVersion,
    Duration progressNotifyInterval,
    int maxTxnOps) {

  /** The etcd release whose v3 API the endpoint speaks. */
  public static final String ETCD_API_VERSION = "3.4.0";

  /** etcd's default interval of progress notifications. */
  public static final Duration DEFAULT_PROGRESS_NOTIFY_INTERVAL = Duration.ofMinutes(10);

  public EtcdEndpointConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(memberName, "memberName");
    Objects.requireNonNull(etcdVersion, "etcdVersion");
    Objects.requireNonNull(progressNotifyInterval, "progressNotifyInterval");
    peerUrls = List.copyOf(peerUrls);
    if (memberId == 0 || clusterId == 0) {
      throw new IllegalArgumentException("member and cluster ids must not be 0");
    }
    if (!progressNotifyInterval.isPositive()) {
      throw new IllegalArgumentException("progressNotifyInterval must be positive");
    }
    if (maxTxnOps < 1) {
      throw new IllegalArgumentException("maxTxnOps must be at least 1");
    }
  }

  /**
   * 127.0.0.1 on a free port, with a random member and cluster id (fixed for the endpoint's life)
   * and etcd's defaults otherwise.
   */
  public static EtcdEndpointConfig loopback() {
    SecureRandom random = new SecureRandom();
    return new EtcdEndpointConfig(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        nonZero(random),
        nonZero(random),
        "ketch",
        List.of(),
        2,
        ETCD_API_VERSION,
        DEFAULT_PROGRESS_NOTIFY_INTERVAL,
        128);
  }

  public EtcdEndpointConfig withAddress(InetSocketAddress value) {
    return new EtcdEndpointConfig(value, clusterId, memberId, memberName, peerUrls, raftTerm,
        etcdVersion, progressNotifyInterval, maxTxnOps);
  }

  public EtcdEndpointConfig withPort(int port) {
    return withAddress(new InetSocketAddress(address.getAddress(), port));
  }

  public EtcdEndpointConfig withIds(long cluster, long member) {
    return new EtcdEndpointConfig(address, cluster, member, memberName, peerUrls, raftTerm,
        etcdVersion, progressNotifyInterval, maxTxnOps);
  }

  public EtcdEndpointConfig withMemberName(String value) {
    return new EtcdEndpointConfig(address, clusterId, memberId, value, peerUrls, raftTerm,
        etcdVersion, progressNotifyInterval, maxTxnOps);
  }

  public EtcdEndpointConfig withPeerUrls(List<URI> value) {
    return new EtcdEndpointConfig(address, clusterId, memberId, memberName, value, raftTerm,
        etcdVersion, progressNotifyInterval, maxTxnOps);
  }

  public EtcdEndpointConfig withProgressNotifyInterval(Duration value) {
    return new EtcdEndpointConfig(address, clusterId, memberId, memberName, peerUrls, raftTerm,
        etcdVersion, value, maxTxnOps);
  }

  public EtcdEndpointConfig withMaxTxnOps(int value) {
    return new EtcdEndpointConfig(address, clusterId, memberId, memberName, peerUrls, raftTerm,
        etcdVersion, progressNotifyInterval, value);
  }

  private static long nonZero(SecureRandom random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }
}
