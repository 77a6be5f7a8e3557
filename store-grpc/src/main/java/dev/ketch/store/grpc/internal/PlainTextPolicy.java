package dev.ketch.store.grpc.internal;

import java.net.InetSocketAddress;

/**
 * Where the etcd API may be served without TLS: on loopback addresses only. The store's API grants
 * full read and write access to everything in it, so it must never be reachable in plain text
 * from another machine. This is the one place that decides.
 */
public final class PlainTextPolicy {

  private PlainTextPolicy() {}

  /**
   * @throws IllegalArgumentException if {@code address} is not a loopback address
   */
  public static void check(InetSocketAddress address) {
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(
          "refusing to serve the etcd API on unresolved address "
              + address.getHostString()
              + ": give a loopback address such as 127.0.0.1");
    }
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "refusing to serve the etcd API on "
              + address.getAddress().getHostAddress()
              + " without TLS: only loopback addresses (127.0.0.0/8, ::1) may be served in plain"
              + " text, and TLS is not supported yet");
    }
  }
}
