package dev.ketch.kubelet;

import dev.ketch.kubelet.runtime.cri.CniNetwork;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containerd node agent for the machine a server runs on, and where the machine's container
 * runtime is chosen: {@link Runtime#CONTAINERD} drives containerd over CRI and fails when it does
 * not answer; {@link Runtime#AUTO} does the same when containerd answers and otherwise starts
 * nothing, saying why, so that the server runs the machine's node on the process runtime ({@link
 * HostAgent}) instead, as it does for {@link Runtime#PROCESS}. The choice and its reason are logged and kept in {@link #description()} for the server's
 * welcome text.
 *
 * <p>Threads: those of the node it started; {@link #close()} stops them (containers keep running
 * and are adopted by the next agent).
 */
public final class MachineAgent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MachineAgent.class);

  /** Which container runtime the machine's agent drives. */
  public enum Runtime {
    /** containerd when its CRI socket answers, else the process runtime. */
    AUTO,
    /** containerd; failing to reach it stops the start. */
    CONTAINERD,
    /** Containers as host processes ({@link HostRuntimes}); containerd is not asked. */
    PROCESS;

    /** The value of {@code --runtime}, case-insensitive. */
    public static Runtime parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--runtime must be auto, containerd or process, not " + value, e);
      }
    }
  }

  /**
   * What the machine's agent runs with.
   *
   * @param runtime which runtime to drive
   * @param endpoint containerd's CRI endpoint
   * @param dataDir the server's data directory (the kubelet's files go to {@code <dataDir>/kubelet})
   * @param nodeName the Node's name, or null for this machine's host name
   * @param podCidr the node's pod range while the cluster assigns none
   */
  public record Settings(Runtime runtime, String endpoint, Path dataDir, String nodeName, String podCidr) {

    public Settings withNodeName(String name) {
      return new Settings(runtime, endpoint, dataDir, name, podCidr);
    }

    /** Refuses a pod range that is not a usable IPv4 CIDR, naming the option. */
    public Settings {
      try {
        CniNetwork.conflist(podCidr);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--pod-cidr: " + e.getMessage(), e);
      }
    }
  }

  private final AutoCloseable node;
  private final String nodeName;
  private final String description;

  private MachineAgent(AutoCloseable node, String nodeName, String description) {
    this.node = node;
    this.nodeName = nodeName;
    this.description = description;
  }

  /**
   * Starts the containerd agent as {@code settings} choose; empty for {@link Runtime#PROCESS}, and
   * when {@link Runtime#AUTO} found no containerd.
   *
   * @throws IllegalStateException when the chosen runtime cannot be used
   */
  public static Optional<MachineAgent> start(KubernetesClient client, Settings settings) {
    if (settings.runtime() == Runtime.PROCESS) {
      return Optional.empty();
    }
    CriNode.Options options = CriNode.Options.forMachine(settings.endpoint(), settings.dataDir())
        .withFallbackPodCidr(settings.podCidr());
    if (settings.nodeName() != null && !settings.nodeName().isBlank()) {
      options = options.withNodeName(settings.nodeName());
    }
    if (settings.runtime() == Runtime.AUTO && !CriNode.socketExists(settings.endpoint())) {
      log.atWarn().addKeyValue("endpoint", settings.endpoint())
          .log("containerd's socket does not exist (bin/setup starts containerd): this machine's pods run as host processes");
      return Optional.empty();
    }
    CriNode node;
    try {
      node = CriNode.start(client, options);
    } catch (IllegalStateException e) {
      if (settings.runtime() == Runtime.CONTAINERD) {
        throw e;
      }
      log.atWarn().addKeyValue("endpoint", settings.endpoint())
          .log("containerd does not answer ({}): this machine's pods run as host processes", e.getMessage());
      return Optional.empty();
    }
    String description = node.nodeName() + " (" + node.runtimeVersion() + " at " + settings.endpoint() + ", pods in "
        + node.podCidr() + ")";
    log.atInfo().addKeyValue("node", node.nodeName()).addKeyValue("runtime", node.runtimeVersion())
        .addKeyValue("endpoint", settings.endpoint()).log("container runtime chosen: containerd");
    return Optional.of(new MachineAgent(node, node.nodeName(), description));
  }

  public String nodeName() {
    return nodeName;
  }

  /** The node, its runtime and pod range, as the server's welcome text shows them. */
  public String description() {
    return description;
  }

  @Override
  public void close() throws Exception {
    node.close();
  }
}
