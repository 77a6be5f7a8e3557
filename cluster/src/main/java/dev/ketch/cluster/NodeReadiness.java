package dev.ketch.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waits until nodes report the Ready condition, watching them rather than polling. */
final class NodeReadiness {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private NodeReadiness() {}

  /**
   * Returns once every node in {@code names} is Ready.
   *
   * @throws IllegalStateException naming the first node still not Ready after {@link #TIMEOUT}
   */
  static void await(KubernetesClient client, List<String> names) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (String name : names) {
      long left = Math.max(1, deadline - System.nanoTime());
      try {
        client.nodes().withName(name).waitUntilCondition(NodeReadiness::isReady, left, TimeUnit.NANOSECONDS);
      } catch (KubernetesClientTimeoutException e) {
        throw new IllegalStateException("node " + name + " not Ready after " + TIMEOUT.toSeconds() + "s", e);
      }
    }
  }

  static boolean isReady(Node node) {
    if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    for (NodeCondition c : node.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }
}
