package dev.ketch.store.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens one embedded store for a test class, on RocksDB in a temporary directory or in memory,
 * and closes it after the class. Register it as a static field with {@code @RegisterExtension}.
 */
final class EmbeddedStoreExtension implements BeforeAllCallback, AfterAllCallback {

  private final boolean onDisk;
  private Path dir;
  private EmbeddedStore store;

  private EmbeddedStoreExtension(boolean onDisk) {
    this.onDisk = onDisk;
  }

  static EmbeddedStoreExtension onDisk() {
    return new EmbeddedStoreExtension(true);
  }

  static EmbeddedStoreExtension inMemory() {
    return new EmbeddedStoreExtension(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (onDisk) {
      dir = Files.createTempDirectory("ketch-store-contract");
      store = EmbeddedStore.open(dir);
    } else {
      store = EmbeddedStore.inMemory();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (store != null) {
      store.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  EmbeddedStore store() {
    return store;
  }
}
