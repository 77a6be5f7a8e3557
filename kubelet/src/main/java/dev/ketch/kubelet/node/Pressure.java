package dev.ketch.kubelet.node;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the node is short of memory, disk or process IDs, as the eviction manager's hard
 * thresholds judge it (memory.available below 100Mi, nodefs.available below 10 %, fewer than
 * 10 % of PIDs left). Thread-safe.
 */
public interface Pressure {

  record Now(boolean memory, boolean disk, boolean pid) {}

  Now now();

  /** Never under pressure: simulated nodes. */
  static Pressure none() {
    return () -> new Now(false, false, false);
  }

  /** This machine's, read from /proc and the root directory's file system. */
  static Pressure machine(Path rootDir) {
    return () -> {
      long available = MachineInfo.availableMemory();
      boolean memory = available >= 0 && available < 100L * 1024 * 1024;
      boolean disk = false;
      try {
        Path existing = rootDir;
        while (existing != null && !Files.exists(existing)) {
          existing = existing.getParent();
        }
        if (existing != null) {
          var store = Files.getFileStore(existing);
          disk = store.getTotalSpace() > 0 && store.getUsableSpace() * 10 < store.getTotalSpace();
        }
      } catch (java.io.IOException e) {
        disk = false;
      }
      boolean pid = false;
      try {
        long max = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).getFirst().trim());
        long used;
        try (var s = Files.list(Path.of("/proc"))) {
          used = s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
        }
        pid = max - used < max / 10;
      } catch (java.io.IOException | RuntimeException e) {
        pid = false;
      }
      return new Now(memory, disk, pid);
    };
  }
}
