package dev.ketch.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes a cluster's temporary directory. */
final class TempDirectories {

  private static final Logger log = LoggerFactory.getLogger(TempDirectories.class);

  private TempDirectories() {}

  /** Deletes {@code dir} and everything under it; failures are logged, not thrown. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.atWarn().addKeyValue("dir", dir).setCause(e).log("cannot delete the cluster directory");
    }
  }
}
