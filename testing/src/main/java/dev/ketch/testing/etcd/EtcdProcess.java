package dev.ketch.testing.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-member etcd cluster in a child process, for tests: the etcd 3.4 binary of Debian's
 * {@code etcd-server} package, listening on free loopback ports, with its data in a fresh temporary
 * directory.
 *
 * <p>{@link #start()} returns once etcd answers its health check; {@link #close()} kills it and
 * deletes the directory. The process's output goes to {@link #logFile()}, inside that directory,
 * and its tail is part of the exception when etcd fails to start. A JVM shutdown hook kills the
 * process if the test run ends without closing it. Each instance owns one process and no threads;
 * instances share nothing, so tests may run several side by side.
 */
public final class EtcdProcess implements AutoCloseable {

  /** Where Debian's {@code etcd-server} package installs the binary. */
  public static final Path DEFAULT_BINARY = Path.of("/usr/bin/etcd");

  private static final Logger log = LoggerFactory.getLogger(EtcdProcess.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path dataDir;
  private final Path logFile;
  private final int clientPort;
  private final Thread shutdownHook;

  private EtcdProcess(Process process, Path dataDir, Path logFile, int clientPort) {
    this.process = process;
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.clientPort = clientPort;
    this.shutdownHook = Thread.ofPlatform().unstarted(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts etcd from {@link #DEFAULT_BINARY}. */
  public static EtcdProcess start() {
    return start(DEFAULT_BINARY);
  }

  /**
   * Starts etcd from {@code binary} and waits until it is healthy.
   *
   * @throws IllegalStateException if the binary is missing or etcd does not become healthy
   */
  public static EtcdProcess start(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "etcd is not installed: "
              + binary
              + " is missing or not executable. Install it with"
              + " `apt-get install -y etcd-server etcd-client`.");
    }
    IllegalStateException failure = null;
    // A free port found here may be taken by someone else before etcd binds it; try again then.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce(binary);
      } catch (IllegalStateException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
        log.warn("etcd failed to start attempt={} binary={}", attempt, binary, e);
      }
    }
    throw failure;
  }

  private static EtcdProcess startOnce(Path binary) {
    Path dir;
    try {
      dir = Files.createTempDirectory("ketch-etcd-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a data directory for etcd", e);
    }
    Path logFile = dir.resolve("etcd.log");
    int[] ports = freePorts(2);
    String clientUrl = "http://127.0.0.1:" + ports[0];
    String peerUrl = "http://127.0.0.1:" + ports[1];
    String name = "ketch-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--name", name,
            "--data-dir", dir.resolve("data").toString(),
            "--listen-client-urls", clientUrl,
            "--advertise-client-urls", clientUrl,
            "--listen-peer-urls", peerUrl,
            "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", name + "=" + peerUrl,
            "--initial-cluster-state", "new",
            "--initial-cluster-token", name,
            "--logger", "zap",
            "--log-outputs", "stderr"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile());
    String goArch = goArch();
    if (!goArch.equals("amd64")) {
      // etcd 3.4 refuses to start on architectures it does not officially support unless told to.
      builder.environment().put("ETCD_UNSUPPORTED_ARCH", goArch);
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      deleteRecursively(dir);
      throw new IllegalStateException("cannot run " + binary, e);
    }
    EtcdProcess etcd = new EtcdProcess(process, dir, logFile, ports[0]);
    try {
      etcd.awaitHealthy();
    } catch (RuntimeException e) {
      String tail = etcd.logTail();
      etcd.close();
      throw new IllegalStateException(e.getMessage() + "\n--- etcd output ---\n" + tail, e);
    }
    log.info("etcd started endpoint={} dataDir={} pid={}", etcd.endpoint(), dir, process.pid());
    return etcd;
  }

  /** The client URL, {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  /** The client URL as a URI. */
  public URI endpointUri() {
    return URI.create(endpoint());
  }

  /** The file receiving etcd's standard output and error; gone after {@link #close()}. */
  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills etcd, waits for it to exit and deletes its data directory. Idempotent. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway.
    }
    deleteRecursively(dataDir);
  }

  private void awaitHealthy() {
    URI health = URI.create(endpoint() + "/health");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
      String last = "no answer";
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "etcd exited with status " + process.exitValue() + " before becoming healthy");
        }
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200 && response.body().contains("\"health\":\"true\"")) {
            return;
          }
          last = response.statusCode() + " " + response.body();
        } catch (IOException e) {
          last = e.toString();
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException(
          "etcd at " + endpoint() + " not healthy after " + START_TIMEOUT + ": " + last);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for etcd", e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  private static int[] freePorts(int count) {
    // Hold every socket open until all ports are chosen, so the ports differ.
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a listening socket that accepted nothing does not fail in practice.
        }
      }
    }
  }

  private static String goArch() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      log.warn("cannot delete etcd data directory dir={}", dir, e);
    }
  }
}
