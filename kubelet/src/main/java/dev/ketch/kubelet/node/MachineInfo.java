package dev.ketch.kubelet.node;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * The machine a node runs on, as the node reports it: CPU count, memory, disk, and the identity
 * fields of nodeInfo (machine ID, system UUID, boot ID, kernel, OS image, architecture).
 *
 * @param ephemeralStorageBytes the size of the file system holding the kubelet's root directory
 */
public record MachineInfo(
    String hostname,
    int cpus,
    long memoryBytes,
    long ephemeralStorageBytes,
    String machineId,
    String systemUuid,
    String bootId,
    String kernelVersion,
    String osImage,
    String operatingSystem,
    String architecture) {

  /** Reads this machine: /proc, /etc/machine-id, /etc/os-release and the root directory's file system. */
  public static MachineInfo read(Path rootDir) {
    String hostname;
    try {
      hostname = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      hostname = "localhost";
    }
    long memory = meminfo("MemTotal");
    long disk;
    try {
      Path existing = rootDir;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      disk = existing == null ? 0 : Files.getFileStore(existing).getTotalSpace();
    } catch (IOException e) {
      disk = 0;
    }
    String machineId = text(Path.of("/etc/machine-id"), "");
    return new MachineInfo(hostname, Runtime.getRuntime().availableProcessors(), memory, disk, machineId,
        text(Path.of("/sys/class/dmi/id/product_uuid"), machineId), text(Path.of("/proc/sys/kernel/random/boot_id"), ""),
        System.getProperty("os.version", ""), readOsImage(), "linux", readArchitecture());
  }

  /** A machine that does not exist: the given size and made-up but stable identity. */
  public static MachineInfo simulated(String name, int cpus, long memoryBytes, long storageBytes) {
    String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    return new MachineInfo(name, cpus, memoryBytes, storageBytes, id.replace("-", ""), id, id, "simulated",
        "Ketch simulated node", "linux", "amd64");
  }

  /** Memory still available to new processes (MemAvailable), or -1 if unknown. */
  public static long availableMemory() {
    return meminfo("MemAvailable");
  }

  private static long meminfo(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith(field + ":")) {
          String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or unreadable: unknown.
    }
    return -1;
  }

  private static String readOsImage() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring("PRETTY_NAME=".length()).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // Fall through.
    }
    return System.getProperty("os.name", "Linux");
  }

  private static String readArchitecture() {
    String arch = System.getProperty("os.arch", "amd64");
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }

  private static String text(Path file, String fallback) {
    try {
      // Line by line: whole-file reads of procfs and sysfs files, whose size reads as 0 or a page, can come back short.
      return String.join("\n", Files.readAllLines(file)).trim();
    } catch (IOException e) {
      return fallback;
    }
  }
}
