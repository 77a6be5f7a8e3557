package dev.ketch.kubelet;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fabric8 client a kubelet uses, from a kubeconfig file. */
public final class KubeClients {

  private KubeClients() {}

  /**
   * A client for the current context of {@code kubeconfig}: watches as plain HTTP streams (as
   * client-go's), and requests limited as upstream's kubelet (50 per second, bursts of 100) times
   * {@code nodes}, since one client may serve many simulated nodes.
   */
  public static KubernetesClient fromKubeconfig(Path kubeconfig, int nodes) {
    String text;
    try {
      text = Files.readString(kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
    Config config = Config.fromKubeconfig(null, text, kubeconfig.toString());
    config.setOnlyHttpWatches(true);
    config.setMaxConcurrentRequests(Math.max(64, Math.min(1024, nodes * 4)));
    config.setMaxConcurrentRequestsPerHost(Math.max(64, Math.min(1024, nodes * 4)));
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
