package dev.ketch.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one machine's node agent runs, opened in order and closed in reverse: the API client
 * on the node's credentials, the container runtime ({@link HostRuntimes}) and the kubelet ({@link
 * HostNode}). Used by {@code ketch agent} and by {@code ketch server} for its own node.
 *
 * <p>{@link #close()} stops the kubelet and leaves the containers running: an agent started again
 * over the same data directory adopts them instead of starting them twice.
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

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Settings settings;

  private HostAgent(Settings settings) {
    this.settings = settings;
  }

  /** Starts the node; returns once the kubelet has tried to register. */
  public static HostAgent start(Settings settings) {
    HostAgent agent = new HostAgent(settings);
    try {
      agent.startParts();
    } catch (RuntimeException e) {
      agent.close();
      throw e;
    }
    return agent;
  }

  private void startParts() {
    KubernetesClient client = KubeClients.fromKubeconfig(settings.kubeconfig(), 1);
    started.push(client);
    HostRuntimes.Opened runtime = HostRuntimes.open(settings.runtime(), settings.dataDir(), settings.nodeIp());
    started.push(runtime.resources());
    KubeletConfig config = HostNode.config(settings.nodeName(), settings.nodeIp(), settings.dataDir(), runtime.name());
    Duration max = settings.maxContainerRestartPeriod();
    Duration initial = max.compareTo(config.backOffInitial()) < 0 ? max : config.backOffInitial();
    config = config.withTimings(config.leaseRenewInterval(), config.nodeStatusUpdateFrequency(), config.relistPeriod(),
        initial, max);
    started.push(HostNode.start(client, config, runtime.node()));
    log.info("node agent started node={} runtime={} dataDir={}", settings.nodeName(), runtime.name(), settings.dataDir());
  }

  public String nodeName() {
    return settings.nodeName();
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("stopping failed node={} component={}", settings.nodeName(), c.getClass().getSimpleName(), e);
      }
    }
  }
}
