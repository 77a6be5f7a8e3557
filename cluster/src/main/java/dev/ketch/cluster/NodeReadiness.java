package dev.ketch.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Waits until nodes report the Ready condition. */
final class NodeReadiness {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 10;

  private NodeReadiness() {}

  /**
   * Returns once every node in {@code names} is Ready.
   *
   * @throws IllegalStateException naming the nodes still not Ready after {@link #TIMEOUT}
   */
  static void await(KubernetesClient client, List<String> names) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Set<String> waiting = new HashSet<>(names);
    while (!waiting.isEmpty()) {
      for (Node node : client.nodes().list().getItems()) {
        if (isReady(node)) {
          waiting.remove(node.getMetadata().getName());
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("simulated nodes not Ready after " + TIMEOUT.toSeconds() + "s: " + waiting);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for nodes " + waiting, e);
      }
    }
  }

  static boolean isReady(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
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
