package dev.ketch.proxy.iptables;

import dev.ketch.proxy.netns.PacketFilterBackendTests;
import org.junit.jupiter.api.BeforeAll;

/** The iptables backend on a real kernel (see {@link PacketFilterBackendTests}). Needs root and iptables. */
class IptablesBackendIT extends PacketFilterBackendTests {

  private static IptablesBackend backend;

  @BeforeAll
  static void start() throws Exception {
    backend = setUp(runner -> new IptablesBackend(runner, "10.42.0.0/16"));
  }

  @Override
  protected boolean programs(String chain) {
    return backend.existingChains("nat").contains(chain);
  }
}
