package dev.ketch.kubelet.volume;

import dev.ketch.kubelet.objects.ObjectSource;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Paths on the node that volumes name directly: {@code hostPath} volumes with upstream's type
 * checks ({@code DirectoryOrCreate} and {@code FileOrCreate} create what is missing, {@code
 * Directory}, {@code File}, {@code Socket}, {@code CharDevice} and {@code BlockDevice} require it
 * to exist as that, no type checks nothing), and persistent volume claims bound to a {@code
 * hostPath} or {@code local} PersistentVolume. Stateless and thread-safe.
 */
final class HostPaths {

  private HostPaths() {}

  /**
   * Checks (or creates) a hostPath by its type.
   *
   * @return the path
   */
  static String hostPath(String volume, String path, String type) throws VolumeException {
    Path p = Path.of(path);
    String t = type == null ? "" : type;
    try {
      switch (t) {
        case "" -> {
          // No check, as upstream's default.
        }
        case "DirectoryOrCreate" -> {
          if (!Files.exists(p)) {
            Files.createDirectories(p);
            Files.setPosixFilePermissions(p, AtomicWriter.perms(0755));
          } else if (!Files.isDirectory(p)) {
            throw new VolumeException(volume, "hostPath type check failed: " + path + " is not a directory");
          }
        }
        case "Directory" -> require(volume, path, Files.isDirectory(p), "does not exist", "is not a directory", p);
        case "FileOrCreate" -> {
          if (!Files.exists(p)) {
            Files.createDirectories(p.getParent());
            Files.createFile(p);
            Files.setPosixFilePermissions(p, AtomicWriter.perms(0644));
          } else if (Files.isDirectory(p)) {
            throw new VolumeException(volume, "hostPath type check failed: " + path + " is not a file");
          }
        }
        case "File" -> require(volume, path, Files.isRegularFile(p), "does not exist", "is not a file", p);
        case "Socket" -> require(volume, path, kind(p) == 0140000, "does not exist", "is not a socket file", p);
        case "CharDevice" -> require(volume, path, kind(p) == 0020000, "does not exist", "is not a character device", p);
        case "BlockDevice" -> require(volume, path, kind(p) == 0060000, "does not exist", "is not a block device", p);
        default -> throw new VolumeException(volume, "invalid HostPathType: " + t);
      }
    } catch (IOException e) {
      throw new VolumeException(volume, "hostPath " + path + ": " + e.getMessage());
    }
    return path;
  }

  private static void require(String volume, String path, boolean ok, String absent, String wrong, Path p) throws VolumeException {
    if (!ok) {
      throw new VolumeException(volume, "hostPath type check failed: " + path + " " + (Files.exists(p) ? wrong : absent));
    }
  }

  /** The file type bits of st_mode (S_IFMT), or -1 if the path does not exist. */
  private static int kind(Path p) throws IOException {
    if (!Files.exists(p)) {
      return -1;
    }
    Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return ((Integer) mode) & 0170000;
  }

  /** The node path of the volume a claim is bound to. */
  static String claim(ObjectSource objects, String volume, String namespace, String claimName) throws VolumeException {
    PersistentVolumeClaim pvc = objects.persistentVolumeClaim(namespace, claimName)
        .orElseThrow(() -> new VolumeException(volume, "persistentvolumeclaim \"" + claimName + "\" not found"));
    String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
    String bound = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
    if (!"Bound".equals(phase) || bound == null || bound.isEmpty()) {
      throw new VolumeException(volume, "PVC " + namespace + "/" + claimName + " has non-bound phase (\""
          + (phase == null ? "" : phase) + "\") or empty pvc.Spec.VolumeName (\"" + (bound == null ? "" : bound) + "\")");
    }
    PersistentVolume pv = objects.persistentVolume(bound)
        .orElseThrow(() -> new VolumeException(volume, "persistentvolume \"" + bound + "\" not found"));
    if (pv.getSpec().getHostPath() != null) {
      return hostPath(volume, pv.getSpec().getHostPath().getPath(), pv.getSpec().getHostPath().getType());
    }
    if (pv.getSpec().getLocal() != null) {
      String path = pv.getSpec().getLocal().getPath();
      if (!Files.exists(Path.of(path))) {
        throw new VolumeException(volume, "path \"" + path + "\" does not exist");
      }
      return path;
    }
    throw new VolumeException(volume, "persistentvolume \"" + bound
        + "\" has a source this node cannot mount (only hostPath and local volumes are supported)");
  }
}
