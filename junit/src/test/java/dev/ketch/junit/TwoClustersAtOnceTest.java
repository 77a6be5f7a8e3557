package dev.ketch.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Two test classes run in parallel, each on its own cluster, and see nothing of each other's. */
class TwoClustersAtOnceTest {

  /** Both classes meet here while both clusters run. */
  static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);
  static final Set<String> URLS = ConcurrentHashMap.newKeySet();
  static final Set<String> DIRECTORIES = ConcurrentHashMap.newKeySet();

  @Test
  void parallelClassesGetSeparateClusters() {
    TestExecutionSummary summary = LauncherRuns.run(Map.of(
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
        "junit.jupiter.execution.parallel.config.strategy", "fixed",
        "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"), Alpha.class, Beta.class);

    assertThat(summary.getTestsSucceededCount()).as(LauncherRuns.failures(summary)).isEqualTo(2);
    assertThat(URLS).hasSize(2);
    assertThat(DIRECTORIES).hasSize(2);
  }

  static void ownClusterOnly(KubernetesClient client, ClusterHandle cluster, String mine, String theirs) throws Exception {
    URLS.add(cluster.url());
    DIRECTORIES.add(cluster.directory().toString());
    client.configMaps().inNamespace("default")
        .resource(new ConfigMapBuilder().withNewMetadata().withName(mine).endMetadata().build()).create();
    String node = cluster.addNode();

    BOTH_RUNNING.await(60, TimeUnit.SECONDS);

    assertThat(client.configMaps().inNamespace("default").withName(theirs).get()).isNull();
    assertThat(client.configMaps().inNamespace("default").withName(mine).get()).isNotNull();
    assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName())
        .containsExactlyInAnyOrder("sim-0", node);
    BOTH_RUNNING.await(60, TimeUnit.SECONDS);
  }

  @KetchCluster
  static class Alpha {
    @Test
    void seesOnlyItsOwnObjects(KubernetesClient client, ClusterHandle cluster) throws Exception {
      ownClusterOnly(client, cluster, "alpha", "beta");
    }
  }

  @KetchCluster
  static class Beta {
    @Test
    void seesOnlyItsOwnObjects(KubernetesClient client, ClusterHandle cluster) throws Exception {
      ownClusterOnly(client, cluster, "beta", "alpha");
    }
  }
}
