package dev.ketch.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * After a test class on a cluster ends, nothing of the cluster remains: no thread it started, no
 * file, no listening port.
 */
class TeardownLeavesNothingTest {

  /**
   * Threads not the cluster's: the JVM's shared pools and the waits of this test itself. Threads
   * made once per JVM by the JDK or a library on first use (the virtual-thread unblocker, the
   * Prometheus client's scheduler behind the API server's metrics) are made by a first cluster
   * run before the count starts.
   */
  private static final List<String> JVM_SHARED = List.of("ForkJoinPool-", "ForkJoinPool.commonPool-", "Common-Cleaner",
      "awaitility-", "Attach Listener", "process reaper", "InnocuousThread-");

  static volatile Path directory;
  static volatile int port;
  static volatile Set<Integer> portsWhileRunning;

  @Test
  void clusterLeavesNoThreadFileOrPort() throws Exception {
    TestExecutionSummary first = LauncherRuns.run(Map.of(), Busy.class);
    assertThat(first.getTestsSucceededCount()).as(LauncherRuns.failures(first)).isEqualTo(1);
    assertThat(Files.exists(directory)).as("first cluster directory " + directory).isFalse();
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Set<Integer> listeningBefore = listeningPorts();

    TestExecutionSummary summary = LauncherRuns.run(Map.of(), Busy.class);
    assertThat(summary.getTestsSucceededCount()).as(LauncherRuns.failures(summary)).isEqualTo(1);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(leftThreads(before)).isEmpty());
    assertThat(Files.exists(directory)).as("cluster directory " + directory).isFalse();
    assertThat(portsWhileRunning).as("the check sees the API server's port while it runs").contains(port);
    assertThat(listeningPorts()).doesNotContain(port).isSubsetOf(listeningBefore);
  }

  private static List<String> leftThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName)
        .filter(name -> JVM_SHARED.stream().noneMatch(name::startsWith))
        .sorted().toList();
  }

  /** TCP ports this process listens on: LISTEN sockets of /proc/net/tcp{,6} whose inode is one of our descriptors. */
  private static Set<Integer> listeningPorts() throws IOException {
    Set<String> ourSockets = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            ourSockets.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // The descriptor was closed while listing.
        }
      }
    }
    Set<Integer> ports = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try (Stream<String> lines = Files.lines(Path.of(table))) {
        lines.skip(1).map(String::trim).map(l -> l.split("\\s+"))
            .filter(f -> f[3].equals("0A") && ourSockets.contains(f[9]))
            .forEach(f -> ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16)));
      }
    }
    return ports;
  }

  /** Uses every part of the cluster: the API, the scheduler, a kubelet, the controllers, a second node. */
  @KetchCluster(nodes = 1, store = KetchCluster.Store.DISK)
  static class Busy {
    @Test
    void runsAPod(KubernetesClient client, ClusterHandle cluster) throws IOException {
      directory = cluster.directory();
      port = Integer.parseInt(cluster.url().substring(cluster.url().lastIndexOf(':') + 1));
      portsWhileRunning = listeningPorts();
      cluster.addNode();
      client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> "Running".equals(
          client.pods().inNamespace("default").withName("p").get().getStatus().getPhase()));
      client.namespaces().withName("default").get();
      try (KubernetesClient other = cluster.newClient()) {
        assertThat(other.nodes().list().getItems()).hasSize(2);
      }
    }
  }
}
