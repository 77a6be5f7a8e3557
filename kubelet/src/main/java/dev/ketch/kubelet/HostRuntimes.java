package dev.ketch.kubelet;

import dev.ketch.kubelet.runtime.process.ProcessRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The container runtimes a machine's own node can run on, by name: the one place where a name such
 * as {@code --runtime process} becomes a {@link NodeRuntime}. Each runtime keeps its state under
 * the agent's data directory.
 */
public final class HostRuntimes {

  /** The names {@link #open} accepts. */
  public static final List<String> NAMES = List.of(ProcessRuntime.NAME);

  private HostRuntimes() {}

  /**
   * A runtime opened for a node, and what must be closed when the node stops (closing leaves the
   * containers running, for the next agent over the same data directory to adopt).
   */
  public record Opened(String name, NodeRuntime node, AutoCloseable resources) {}

  /**
   * Opens the runtime called {@code name}.
   *
   * @param dataDir the agent's data directory ({@code process/} holds the process runtime's state,
   *     {@code kubelet/} the kubelet's files)
   * @param hostIp the host's address, which host-network pods report as theirs
   * @throws IllegalArgumentException for a name not in {@link #NAMES}
   */
  public static Opened open(String name, Path dataDir, String hostIp) {
    if (ProcessRuntime.NAME.equals(name)) {
      ProcessRuntime runtime = ProcessRuntime.open(dataDir.resolve("process"), hostIp, Clock.systemUTC());
      return new Opened(name, NodeRuntime.process(runtime, dataDir.resolve("kubelet")), runtime);
    }
    throw new IllegalArgumentException("unknown container runtime '" + name + "'; this agent runs: " + String.join(", ", NAMES));
  }
}
