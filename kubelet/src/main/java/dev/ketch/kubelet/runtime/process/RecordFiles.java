package dev.ketch.kubelet.runtime.process;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process runtime's directory:
 *
 * <pre>
 *   sandboxes/&lt;id&gt;/sandbox.json
 *   containers/&lt;id&gt;/container.json   the record
 *   containers/&lt;id&gt;/pid, exit           written by the container's shim
 *   containers/&lt;id&gt;/stdout, stderr       the process's raw output
 *   containers/&lt;id&gt;/log.offsets        how much of it is in the CRI log already
 *   containers/&lt;id&gt;/rootfs/            the default working directory, with the mounts as links
 * </pre>
 *
 * Records are JSON, each written to a temporary file and moved over the old one, so a crash leaves
 * the old or the new record, never half of one. Unreadable records are skipped with a warning.
 * Thread-safe (no state of its own); callers serialise writes of one record.
 */
final class RecordFiles {

  private static final Logger log = LoggerFactory.getLogger(RecordFiles.class);

  private final Path root;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  RecordFiles(Path root) {
    this.root = root;
    try {
      Files.createDirectories(root.resolve("sandboxes"));
      Files.createDirectories(root.resolve("containers"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the process runtime's directory " + root, e);
    }
  }

  Path root() {
    return root;
  }

  Path sandboxDir(String id) {
    return root.resolve("sandboxes").resolve(id);
  }

  Path containerDir(String id) {
    return root.resolve("containers").resolve(id);
  }

  void write(SandboxRecord r) {
    write(sandboxDir(r.id()).resolve("sandbox.json"), r);
  }

  void write(ContainerRecord r) {
    write(containerDir(r.id()).resolve("container.json"), r);
  }

  List<SandboxRecord> readSandboxes() {
    return readAll(root.resolve("sandboxes"), "sandbox.json", SandboxRecord.class);
  }

  List<ContainerRecord> readContainers() {
    return readAll(root.resolve("containers"), "container.json", ContainerRecord.class);
  }

  void deleteSandbox(String id) {
    deleteTree(sandboxDir(id));
  }

  void deleteContainer(String id) {
    deleteTree(containerDir(id));
  }

  private void write(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, json.writeValueAsBytes(value));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private <T> List<T> readAll(Path dir, String name, Class<T> type) {
    List<T> out = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path d : entries.toList()) {
        Path file = d.resolve(name);
        if (!Files.isRegularFile(file)) {
          continue;
        }
        try {
          out.add(json.readValue(file.toFile(), type));
        } catch (IOException e) {
          log.warn("skipping unreadable record file={}: {}", file, e.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    return out;
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      // Links (the mounts in rootfs) are removed, never followed.
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
