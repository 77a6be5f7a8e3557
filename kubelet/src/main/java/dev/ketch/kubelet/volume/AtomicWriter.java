package dev.ketch.kubelet.volume;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a set of files into a volume directory so that a container reading it always sees one
 * complete version, as upstream's AtomicWriter: the files of a version go into a fresh hidden
 * directory {@code ..<random>}; the symbolic link {@code ..data} is then switched to it in one
 * rename; each visible top-level name is a symbolic link through {@code ..data}
 * ({@code key -> ..data/key}); the previous version's directory is removed afterwards. Writing
 * the same files again changes nothing. A container that mounts the volume sees updates
 * (ConfigMap and Secret changes, refreshed tokens) without a restart; one that mounts a single
 * file through subPath does not, as upstream's.
 *
 * <p>Stateless and thread-safe, but one directory must not be written from two threads at once.
 */
public final class AtomicWriter {

  static final String DATA = "..data";
  private static final String DATA_TMP = "..data_tmp";

  /** One file's content and permission bits (e.g. 0644). */
  public record FileProjection(byte[] data, int mode) {
    public FileProjection {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FileProjection f && f.mode == mode && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(data) * 31 + mode;
    }
  }

  private AtomicWriter() {}

  /**
   * Makes {@code dir} hold exactly {@code payload} (relative paths, possibly nested).
   *
   * @return whether anything changed
   * @throws IOException when the files cannot be written
   * @throws IllegalArgumentException for a path that is absolute or climbs out with {@code ..}
   */
  public static boolean write(Path dir, Map<String, FileProjection> payload) throws IOException {
    Map<String, FileProjection> files = new TreeMap<>(payload);
    files.keySet().forEach(AtomicWriter::checkPath);
    Files.createDirectories(dir);
    Path data = dir.resolve(DATA);
    Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
    if (old != null && sameContent(old, files)) {
      return false;
    }
    Path version = Files.createTempDirectory(dir, "..");
    Files.setPosixFilePermissions(version, perms(0755));
    for (Map.Entry<String, FileProjection> e : files.entrySet()) {
      Path f = version.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue().data);
      Files.setPosixFilePermissions(f, perms(e.getValue().mode()));
    }
    Path tmp = dir.resolve(DATA_TMP);
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, version.getFileName());
    Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Set<String> visible = new HashSet<>();
    for (String path : files.keySet()) {
      visible.add(path.split("/", 2)[0]);
    }
    for (String name : visible) {
      Path link = dir.resolve(name);
      if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of(DATA, name));
      }
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (!name.startsWith("..") && !visible.contains(name) && Files.isSymbolicLink(p)) {
          Files.delete(p);
        }
      }
    }
    if (old != null && !old.equals(version)) {
      deleteTree(old);
    }
    return true;
  }

  private static boolean sameContent(Path version, Map<String, FileProjection> files) throws IOException {
    if (!Files.isDirectory(version)) {
      return false;
    }
    Set<String> present = new HashSet<>();
    Files.walkFileTree(version, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        present.add(version.relativize(file).toString());
        return FileVisitResult.CONTINUE;
      }
    });
    if (!present.equals(files.keySet())) {
      return false;
    }
    for (Map.Entry<String, FileProjection> e : files.entrySet()) {
      Path f = version.resolve(e.getKey());
      if (mode(Files.getPosixFilePermissions(f)) != e.getValue().mode()
          || !Arrays.equals(Files.readAllBytes(f), e.getValue().data)) {
        return false;
      }
    }
    return true;
  }

  static void checkPath(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.startsWith("..")) {
      throw new IllegalArgumentException("invalid path " + path + ": must be relative and may not start with '..'");
    }
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        throw new IllegalArgumentException("invalid path " + path + ": must not contain '..'");
      }
    }
  }

  static Set<PosixFilePermission> perms(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        out.add(order[bit]);
      }
    }
    return out;
  }

  static int mode(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (int bit = 0; bit < 9; bit++) {
      if (perms.containsAll(perms(1 << bit))) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }

  /** Deletes a directory tree without following symbolic links out of it. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
