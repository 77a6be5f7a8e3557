package dev.ketch.kubelet.node;

import dev.ketch.kubelet.KubeletConfig;
import dev.ketch.kubelet.runtime.RuntimeVersion;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the node, as upstream's registerWithAPIServer: create the Node; if it exists already
 * (a restart), make sure its well-known labels are ours and keep the rest as it is. Thread-safe
 * (stateless); blocks on the API.
 */
public final class NodeRegistration {

  private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);

  private final KubernetesClient client;
  private final KubeletConfig config;

  private final int kubeletPort;

  public NodeRegistration(KubernetesClient client, KubeletConfig config) {
    this(client, config, NodeObjects.DEFAULT_KUBELET_PORT);
  }

  /** @param kubeletPort the port of the kubelet's HTTPS endpoint, which the Node names */
  public NodeRegistration(KubernetesClient client, KubeletConfig config, int kubeletPort) {
    this.client = client;
    this.config = config;
    this.kubeletPort = kubeletPort;
  }

  /** Registers the node and returns it as the API has it. Throws if the API refuses or fails. */
  public Node register(RuntimeVersion runtime) {
    Node initial = NodeObjects.initial(config, runtime, kubeletPort);
    try {
      Node created = client.nodes().resource(initial).create();
      log.info("node registered node={}", config.nodeName());
      return created;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    Node existing = client.nodes().withName(config.nodeName()).get();
    if (existing == null) {
      return register(runtime);
    }
    Map<String, String> wanted = NodeObjects.labels(config);
    Map<String, String> have = existing.getMetadata().getLabels() == null ? Map.of() : existing.getMetadata().getLabels();
    if (!have.entrySet().containsAll(wanted.entrySet())) {
      existing = client.nodes().withName(config.nodeName()).edit(n -> {
        n.getMetadata().getLabels().putAll(wanted);
        return n;
      });
    }
    log.info("node already registered node={}", config.nodeName());
    return existing;
  }
}
