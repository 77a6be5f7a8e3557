package dev.ketch.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one machine's node agent runs, opened in order and closed in reverse: the API client
 * on the node's credentials, the container runtime ({@link HostRuntimes}) and the kubelet ({@link
 * HostNode}). Used by {@code ketch agent} and by {@code ketch server} for its own node.
 *
 * <p>{@link #close()} (once; later calls do nothing) stops the kubelet and leaves the containers
 * running: an agent started again over the same data directory adopts them instead of starting
 * them twice.
 */
public final class HostAgent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HostAgent.class);

  /**
   * What to run.
   *
   * @param kubeconfig the node's credentials
   * @param nodeName the Node's name
   * @param nodeIp the node's InternalIP, which host-network pods report as theirs
   * @param dataDir the agent's data directory (runtime state, kubelet root, pod logs under {@code pods/})
   * @param runtime a name of {@link HostRuntimes#NAMES}
   * @param maxContainerRestartPeriod the longest crash-loop back-off; the first is 10 s or this if shorter
   */
  public record Settings(Path kubeconfig, String nodeName, String nodeIp, Path dataDir, String runtime,
      Duration maxContainerRestartPeriod) {

    public Settings {
      if (maxContainerRestartPeriod.isZero() || maxContainerRestartPeriod.isNegative()) {
        throw new IllegalArgumentException("the longest container restart period must be positive");
      }
    }
  }

  private final Settings settings;
  private final KubernetesClient client;
  private final AutoCloseable runtime;
  private final HostNode node;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HostAgent(Settings settings, KubernetesClient client, AutoCloseable runtime, HostNode node) {
    this.settings = settings;
    this.client = client;
    this.runtime = runtime;
    this.node = node;
  }

  /** Starts the node; returns once the kubelet has tried to register. */
  public static HostAgent start(Settings settings) {
    KubernetesClient client = KubeClients.fromKubeconfig(settings.kubeconfig(), 1);
    HostRuntimes.Opened runtime = null;
    try {
      runtime = HostRuntimes.open(settings.runtime(), settings.dataDir(), settings.nodeIp());
      HostNode node = HostNode.start(client, kubeletConfig(settings, runtime.name()), runtime.node());
      log.info("node agent started node={} runtime={} dataDir={}", settings.nodeName(), runtime.name(), settings.dataDir());
      return new HostAgent(settings, client, runtime.resources(), node);
    } catch (RuntimeException e) {
      if (runtime != null) {
        closeQuietly(settings.nodeName(), runtime.resources());
      }
      client.close();
      throw e;
    }
  }

  private static KubeletConfig kubeletConfig(Settings settings, String runtimeName) {
    KubeletConfig config = HostNode.config(settings.nodeName(), settings.nodeIp(), settings.dataDir(), runtimeName);
    Duration max = settings.maxContainerRestartPeriod();
    Duration initial = max.compareTo(config.backOffInitial()) < 0 ? max : config.backOffInitial();
    return config.withTimings(config.leaseRenewInterval(), config.nodeStatusUpdateFrequency(), config.relistPeriod(),
        initial, max);
  }

  public String nodeName() {
    return settings.nodeName();
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    node.close();
    closeQuietly(settings.nodeName(), runtime);
    client.close();
  }

  private static void closeQuietly(String nodeName, AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.warn("stopping the runtime failed node={}", nodeName, e);
    }
  }
}
