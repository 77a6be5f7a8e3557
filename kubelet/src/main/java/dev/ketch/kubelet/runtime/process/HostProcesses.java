package dev.ketch.kubelet.runtime.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The operating system side of the process runtime: starting a container's process under a shim,
 * finding it again, signalling it, and reading how it ended.
 *
 * <p>A container runs as {@code setsid /bin/sh -c SHIM ketch-shim <dir> <executable> <args…>}: the
 * shim is a shell in a new session (so the agent's terminal, its signals and its exit do not
 * reach it), writes its pid to {@code <dir>/pid}, runs the command as its child, and writes the
 * command's exit status to {@code <dir>/exit} (128+N when a signal N ended it) when it ends. The
 * agent holds no pipe to it: output goes to files, so it keeps running while the agent restarts,
 * and its exit code is known afterwards without being its parent. Every process the command
 * starts stays in the shim's session, whose id is the shim's pid; that is how a stop finds them
 * all.
 *
 * <p>Stateless and thread-safe; waits block the calling thread.
 */
final class HostProcesses {

  static final String SHIM = """
      d=$1; shift
      echo $$ > "$d/pid.tmp" && mv -f "$d/pid.tmp" "$d/pid"
      "$@"
      c=$?
      echo $c > "$d/exit.tmp" && mv -f "$d/exit.tmp" "$d/exit"
      """;

  private HostProcesses() {}

  /** The shim's pid and the OS's start time of that process. */
  record Launched(long pid, Instant startedAt) {}

  /**
   * Starts the command in its own session, stdin from /dev/null, stdout and stderr appended to
   * files in {@code dir}. Returns at once.
   *
   * @param setsid the setsid executable, or null to start without a new session
   */
  static Launched launch(Path dir, List<String> argv, Path workingDir, Map<String, String> env, Path setsid)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (setsid != null) {
      command.add(setsid.toString());
    }
    command.addAll(List.of("/bin/sh", "-c", SHIM, "ketch-shim", dir.toString()));
    command.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr").toFile()));
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    Instant started = p.info().startInstant().orElse(null);
    return new Launched(p.pid(), started);
  }

  /** The process {@code pid} if it is alive and is the one that started at {@code startedAt}. */
  static Optional<ProcessHandle> find(long pid, Instant startedAt) {
    if (pid <= 0) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> sameStart(h, startedAt));
  }

  private static boolean sameStart(ProcessHandle h, Instant expected) {
    if (expected == null) {
      return true;
    }
    Optional<Instant> actual = h.info().startInstant();
    // The OS counts start times in clock ticks; two readings of one process agree within one.
    return actual.isEmpty() || Duration.between(actual.get(), expected).abs().compareTo(Duration.ofMillis(50)) <= 0;
  }

  /** The exit status the shim wrote, if it has. */
  static OptionalInt exitCode(Path dir) {
    try {
      String text = Files.readString(dir.resolve("exit"), StandardCharsets.US_ASCII).trim();
      return OptionalInt.of(Integer.parseInt(text));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** When the exit status was written: the time the command ended. */
  static Instant exitTime(Path dir, Instant fallback) {
    try {
      return Files.getLastModifiedTime(dir.resolve("exit")).toInstant();
    } catch (IOException e) {
      return fallback;
    }
  }

  /** When the shim wrote its pid: about when the command started. */
  static Instant pidTime(Path dir, Instant fallback) {
    try {
      return Files.getLastModifiedTime(dir.resolve("pid")).toInstant();
    } catch (IOException e) {
      return fallback;
    }
  }

  /** The pid the shim wrote when it started, if it did. */
  static long shimPid(Path dir) {
    try {
      return Long.parseLong(Files.readString(dir.resolve("pid"), StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** The container's command: the shim's child. */
  static Optional<ProcessHandle> command(ProcessHandle shim) {
    return shim.children().findFirst();
  }

  /**
   * Sends SIGKILL (or SIGTERM) to every process of the session {@code sid}, the shim itself only
   * if {@code includeLeader}. Processes are found by reading /proc; one started meanwhile may be
   * missed, which is why a stop kills more than once.
   */
  static int signalSession(long sid, boolean kill, boolean includeLeader) {
    int signalled = 0;
    for (long pid : sessionMembers(sid)) {
      if (pid == sid && !includeLeader) {
        continue;
      }
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isPresent()) {
        boolean sent = kill ? h.get().destroyForcibly() : h.get().destroy();
        if (sent) {
          signalled++;
        }
      }
    }
    return signalled;
  }

  /** The pids whose session is {@code sid}, from /proc/PID/stat. */
  static List<Long> sessionMembers(long sid) {
    List<Long> out = new ArrayList<>();
    if (sid <= 1) {
      return out;
    }
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(p.resolve("stat"), StandardCharsets.US_ASCII);
          // pid (comm) state ppid pgrp session …; comm may hold spaces and parentheses.
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(f[3]) == sid && !"Z".equals(f[0])) {
            out.add(Long.parseLong(name));
          }
        } catch (IOException | RuntimeException e) {
          // Gone meanwhile, or not ours to read.
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** Waits until {@code done} holds or {@code timeout} passes; true if it holds. */
  static boolean await(BooleanSupplier done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      if (Thread.currentThread().isInterrupted()) {
        return done.getAsBoolean();
      }
    }
    return true;
  }
}
