package dev.ketch.apiserver.registry.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllocatorsTest {

  @Test
  void clusterIpRangeOfTheDefaultCidr() {
    ClusterIpAllocator ips = new ClusterIpAllocator(ClusterIpAllocator.DEFAULT_CIDR, new Random(1));
    assertThat(ips.cidr()).isEqualTo("10.43.0.0/16");
    assertThat(ips.size()).isEqualTo(65534);
    assertThat(ips.kubernetesServiceIp()).isEqualTo("10.43.0.1");
    assertThat(ips.dnsServiceIp()).isEqualTo("10.43.0.10");
    assertThat(ips.family()).isEqualTo("IPv4");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "10.43.0.1|",
    "10.43.255.254|",
    "10.43.0.0|the provided IP (10.43.0.0) is not in the valid range. The range of valid IPs is 10.43.0.0/16",
    "10.43.255.255|the provided IP (10.43.255.255) is not in the valid range. The range of valid IPs is 10.43.0.0/16",
    "10.44.0.1|the provided IP (10.44.0.1) is not in the valid range. The range of valid IPs is 10.43.0.0/16",
  })
  void requestedIpsInRangeAreHonoured(String ip, String problem) {
    ClusterIpAllocator ips = new ClusterIpAllocator("10.43.0.0/16", new Random(1));
    if (problem == null) {
      assertThatNoError(() -> ips.allocate(ip));
      assertThatThrownBy(() -> ips.allocate(ip)).isInstanceOf(AllocationException.class).hasMessage("provided IP is already allocated");
      assertThat(ips.release(ip)).isTrue();
      assertThat(ips.isAllocated(ip)).isFalse();
    } else {
      assertThatThrownBy(() -> ips.allocate(ip)).hasMessage(problem)
          .extracting(e -> ((AllocationException) e).kind()).isEqualTo(AllocationException.Kind.NOT_IN_RANGE);
    }
  }

  @Test
  void randomIpsAvoidReservedAddressesUntilFullThenFail() throws Exception {
    ClusterIpAllocator ips = new ClusterIpAllocator("10.0.0.0/28", new Random(7));
    Set<String> seen = new HashSet<>();
    // 14 usable addresses, two of them (.1 and .10) only by request.
    for (int i = 0; i < 12; i++) {
      assertThat(seen.add(ips.allocateNext())).isTrue();
    }
    assertThat(seen).doesNotContain("10.0.0.1", "10.0.0.10", "10.0.0.0", "10.0.0.15");
    assertThatThrownBy(ips::allocateNext).hasMessage("range is full");
    ips.allocate("10.0.0.1");
    ips.release(seen.iterator().next());
    assertThat(ips.allocateNext()).isIn(seen);
  }

  @Test
  void randomIpsPreferTheUpperPartOfTheRange() throws Exception {
    ClusterIpAllocator ips = new ClusterIpAllocator("10.43.0.0/16", new Random(3));
    for (int i = 0; i < 100; i++) {
      String ip = ips.allocateNext();
      assertThat(ip).doesNotStartWith("10.43.0.");
    }
  }

  @Test
  void ipv6Ranges() throws Exception {
    ClusterIpAllocator ips = new ClusterIpAllocator("fd00:43::/112", new Random(1));
    assertThat(ips.family()).isEqualTo("IPv6");
    assertThat(ips.kubernetesServiceIp()).isEqualTo("fd00:43:0:0:0:0:0:1");
    ips.allocate("fd00:43::5");
    assertThat(ips.isAllocated("fd00:43:0:0:0:0:0:5")).isTrue();
  }

  @ParameterizedTest(name = "port {0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "30000|",
    "32767|",
    "29999|provided port is not in the valid range. The range of valid ports is 30000-32767",
    "32768|provided port is not in the valid range. The range of valid ports is 30000-32767",
  })
  void requestedNodePorts(int port, String problem) {
    NodePortAllocator ports = new NodePortAllocator(30000, 32767, new Random(1));
    if (problem == null) {
      assertThatNoError(() -> ports.allocate(port));
      assertThatThrownBy(() -> ports.allocate(port)).hasMessage("provided port is already allocated");
    } else {
      assertThatThrownBy(() -> ports.allocate(port)).hasMessage(problem);
    }
  }

  @Test
  void nodePortsExhaustAndRelease() throws Exception {
    NodePortAllocator ports = new NodePortAllocator(30000, 30019, new Random(5));
    Set<Integer> got = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      got.add(ports.allocateNext());
    }
    assertThat(got).hasSize(20);
    assertThatThrownBy(ports::allocateNext).isInstanceOf(AllocationException.class).hasMessage("range is full");
    assertThat(ports.release(30005)).isTrue();
    assertThat(ports.allocateNext()).isEqualTo(30005);
  }

  @Test
  void concurrentAllocationsNeverHandOutTheSameValueTwice() throws Exception {
    NodePortAllocator ports = new NodePortAllocator(30000, 32767, new Random(11));
    ClusterIpAllocator ips = new ClusterIpAllocator("10.43.0.0/20", new Random(11));
    Set<Integer> portsSeen = ConcurrentHashMap.newKeySet();
    Set<String> ipsSeen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            assertThat(portsSeen.add(ports.allocateNext())).isTrue();
            assertThat(ipsSeen.add(ips.allocateNext())).isTrue();
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ports.used()).isEqualTo(2000);
    assertThat(ips.used()).isEqualTo(2000);
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void assertThatNoError(Action a) {
    try {
      a.run();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
