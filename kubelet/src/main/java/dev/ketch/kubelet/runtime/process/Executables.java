package dev.ketch.kubelet.runtime.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the executable a container's command names, as execve after a PATH search would: a name
 * with a slash is a path (relative to the working directory), anything else is looked for in
 * each directory of PATH in order. Stateless.
 */
final class Executables {

  private Executables() {}

  /** The executable file, or empty when there is none. */
  static Optional<Path> resolve(String command, String path, Path workingDir) {
    if (command == null || command.isEmpty()) {
      return Optional.empty();
    }
    if (command.contains("/")) {
      Path p = workingDir.resolve(command);
      return isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : (path == null ? "" : path).split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir).resolve(command);
      if (isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static boolean isExecutable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }
}
