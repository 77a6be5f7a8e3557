package dev.ketch.testing.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real launcher, {@code bin/ketch}, run as a child process for end-to-end tests: started with
 * the given arguments, its output kept in a log file, considered up once it prints that it is
 * running ({@code ketch server} and {@code ketch agent} both do), and stopped with SIGTERM (then
 * SIGKILL if it does not stop).
 *
 * <p>The repository root comes from the {@code ketch.root} system property. The distribution must
 * have been built (the Maven reactor builds it before end-to-end tests run); the launcher is told
 * not to build.
 */
public final class KetchProcess implements AutoCloseable {

  private static final java.util.regex.Pattern READY_LINE = java.util.regex.Pattern.compile("Ketch (server|agent) is running");

  private final Process process;
  private final Path log;

  private KetchProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The repository root, where bin/ketch lives. */
  public static Path root() {
    String root = System.getProperty("ketch.root");
    if (root == null) {
      throw new IllegalStateException("system property ketch.root is not set (the e2e module's build sets it)");
    }
    return Path.of(root);
  }

  /** Starts {@code bin/ketch <args>} and waits until it reports it is running. */
  public static KetchProcess start(Path logDir, Duration timeout, String... args) {
    Path launcher = root().resolve("bin/ketch");
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException("launcher not found: " + launcher);
    }
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(List.of(args));
    try {
      Files.createDirectories(logDir);
      Path log = Files.createTempFile(logDir, "ketch-", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("KETCH_SKIP_BUILD", "1");
      KetchProcess ketch = new KetchProcess(pb.start(), log);
      ketch.awaitReady(timeout);
      return ketch;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (READY_LINE.matcher(output()).find()) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("ketch exited with " + process.exitValue() + " before it was ready:\n" + output());
      }
      sleep(50);
    }
    close();
    throw new IllegalStateException("ketch was not ready within " + timeout + ":\n" + output());
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  public Path logFile() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops with SIGTERM, as Ctrl-C or a service manager would, and returns the exit code. */
  public int stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return -1;
    }
  }

  /** Kills with SIGKILL: no shutdown hooks, no flushing. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }

  /** A free TCP port on the loopback interface. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
