package dev.ketch.scheduler;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the fabric8 client the scheduler runs with from a kubeconfig. */
public final class SchedulerClients {

  private SchedulerClients() {}

  /**
   * A client for the current context of {@code kubeconfig}. Watches are plain HTTP streams, as
   * client-go's (fabric8 would try a WebSocket first).
   *
   * @throws UncheckedIOException when the file cannot be read
   */
  public static KubernetesClient fromKubeconfig(Path kubeconfig) {
    String text;
    try {
      text = Files.readString(kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
    Config config = Config.fromKubeconfig(null, text, kubeconfig.toString());
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
