package dev.ketch.kubelet.server;

import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.runtime.ContainerSummary;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.PodSandboxState;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.runtime.RuntimeService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds what a streaming request names ({@code namespace/pod/container}) in the runtime and on
 * disk: the pod's ready sandbox, the container's running instance, and the container's log files
 * ({@code <logDir>/<ns>_<pod>_<uid>/<container>/<restart>.log}, one per run). Stateless.
 */
final class ContainerLocator {

  private final RuntimeService runtime;
  private final Path logDir;

  ContainerLocator(RuntimeService runtime, Path logDir) {
    this.runtime = runtime;
    this.logDir = logDir;
  }

  RuntimeService runtime() {
    return runtime;
  }

  /** The pod's ready sandbox, if it has one. */
  Optional<PodSandboxStatus> readySandbox(String namespace, String pod) {
    return runtime.listPodSandboxes(new PodSandboxFilter(Map.of(CriLabels.POD_NAMESPACE, namespace, CriLabels.POD_NAME, pod),
            PodSandboxState.READY)).stream()
        .max(Comparator.comparing(PodSandboxStatus::createdAt));
  }

  /** The running instance of the container, if there is one. */
  Optional<ContainerSummary> running(String namespace, String pod, String container) {
    return runtime.listContainers(new ContainerFilter(null, ContainerState.RUNNING,
            Map.of(CriLabels.POD_NAMESPACE, namespace, CriLabels.POD_NAME, pod, CriLabels.CONTAINER_NAME, container))).stream()
        .max(Comparator.comparing(ContainerSummary::createdAt));
  }

  /**
   * The container's log files, oldest run first: those of the pod's current sandbox, else of the
   * most recent pod of that name.
   */
  List<Path> logFiles(String namespace, String pod, String container) {
    Optional<String> uid = readySandbox(namespace, pod).map(s -> s.labels().get(CriLabels.POD_UID));
    Optional<Path> podDir = podLogDir(namespace, pod, uid.orElse(null));
    if (podDir.isEmpty()) {
      return List.of();
    }
    Path dir = podDir.get().resolve(container);
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> restartOf(f) >= 0).sorted(Comparator.comparingInt(ContainerLocator::restartOf)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private Optional<Path> podLogDir(String namespace, String pod, String uid) {
    if (uid != null) {
      Path exact = logDir.resolve(namespace + "_" + pod + "_" + uid);
      if (Files.isDirectory(exact)) {
        return Optional.of(exact);
      }
    }
    String prefix = namespace + "_" + pod + "_";
    try (Stream<Path> dirs = Files.list(logDir)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(prefix)
              && d.getFileName().toString().indexOf('_', prefix.length()) < 0)
          .max(Comparator.comparing(ContainerLocator::modified));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }

  /** The restart number of {@code <n>.log}, else -1. */
  static int restartOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(".log")) {
      return -1;
    }
    try {
      return Integer.parseInt(name.substring(0, name.length() - 4));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
