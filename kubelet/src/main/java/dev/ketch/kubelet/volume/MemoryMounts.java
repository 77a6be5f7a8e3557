package dev.ketch.kubelet.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Memory-backed emptyDir volumes: a tmpfs mounted on the volume's directory (sized by the
 * volume's sizeLimit, else half the node's memory as tmpfs's default), unmounted when the pod's
 * volumes are torn down. Thread-safe.
 */
public interface MemoryMounts {

  /** Mounts a tmpfs on {@code dir} unless one is there already. */
  void mount(String volume, Path dir, long sizeBytes) throws VolumeException;

  /** Unmounts every mount below {@code podDir}. Never throws. */
  void unmountAll(Path podDir);

  /** With the {@code mount} and {@code umount} commands and /proc/self/mountinfo; needs root. */
  static MemoryMounts tmpfs() {
    return new MemoryMounts() {
      @Override
      public void mount(String volume, Path dir, long sizeBytes) throws VolumeException {
        if (mountPoints(dir).contains(dir.toAbsolutePath().normalize().toString())) {
          return;
        }
        List<String> cmd = new ArrayList<>(List.of("mount", "-t", "tmpfs"));
        if (sizeBytes > 0) {
          cmd.addAll(List.of("-o", "size=" + sizeBytes));
        }
        cmd.addAll(List.of("tmpfs", dir.toString()));
        String problem = run(cmd);
        if (problem != null) {
          throw new VolumeException(volume, "mount of a memory-backed emptyDir failed: " + problem);
        }
      }

      @Override
      public void unmountAll(Path podDir) {
        List<String> below = mountPoints(podDir);
        below.sort(Comparator.comparingInt(String::length).reversed());
        for (String m : below) {
          run(List.of("umount", "-l", m));
        }
      }
    };
  }

  /** Never mounts: a memory-backed emptyDir is an ordinary directory. For tests and unprivileged agents. */
  static MemoryMounts directories() {
    return new MemoryMounts() {
      @Override
      public void mount(String volume, Path dir, long sizeBytes) {}

      @Override
      public void unmountAll(Path podDir) {}
    };
  }

  /** The mount points at or below {@code dir}, from /proc/self/mountinfo. */
  private static List<String> mountPoints(Path dir) {
    String prefix = dir.toAbsolutePath().normalize().toString();
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
        String[] f = line.split(" ");
        if (f.length > 4) {
          String point = f[4].replace("\\040", " ");
          if (point.equals(prefix) || point.startsWith(prefix + "/")) {
            out.add(point);
          }
        }
      }
    } catch (IOException e) {
      // No mount table: nothing is mounted that we could know of.
    }
    return out;
  }

  /** Runs a command; null on success, else its output or why it could not run. */
  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + " timed out";
      }
      return p.exitValue() == 0 ? null : out.isEmpty() ? String.join(" ", command) + " exited with " + p.exitValue() : out;
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
