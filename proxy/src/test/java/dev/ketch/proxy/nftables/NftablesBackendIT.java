package dev.ketch.proxy.nftables;

import dev.ketch.proxy.netns.PacketFilterBackendTests;
import org.junit.jupiter.api.BeforeAll;

/** The nftables backend on a real kernel (see {@link PacketFilterBackendTests}). Needs root and nft. */
class NftablesBackendIT extends PacketFilterBackendTests {

  private static NftablesBackend backend;

  @BeforeAll
  static void start() throws Exception {
    backend = setUp(runner -> new NftablesBackend(runner, "10.42.0.0/16"));
  }

  @Override
  protected boolean programs(String chain) {
    return backend.listTable().contains("chain " + chain + " ");
  }
}
