package dev.ketch.kubelet.server;

import java.net.InetSocketAddress;

/** Where a forwarded port of one pod is, and how errors about it read. */
interface PortTargets {

  /** @throws RuntimeException when the pod's network is gone */
  InetSocketAddress address(int port);

  /** Upstream's wording: {@code error forwarding port 8080 to pod <name>, uid <uid>}. */
  String describe(int port);
}
