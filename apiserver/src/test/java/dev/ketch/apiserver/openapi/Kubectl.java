package dev.ketch.apiserver.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the real kubectl binaries of the machine against a server, each call with a fresh
 * discovery cache so that nothing a previous call learnt leaks into the next.
 *
 * <p>The binaries are {@code kubectl.1.NN} beside the file {@code kubectl} on the PATH resolves
 * to. A missing binary is an error, never a reason to skip: these tests exist to prove the server
 * against the real client.
 */
final class Kubectl {

  /** What a run printed and returned. */
  record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  private final String version;
  private final Path binary;
  private final Path kubeconfig;
  private final Path work;

  /**
   * @param version the minor version, e.g. {@code 1.27}
   * @param serverUrl the server's base URL
   * @param work a scratch directory for the kubeconfig and the caches
   */
  Kubectl(String version, String serverUrl, Path work) {
    this.version = version;
    this.binary = find(version);
    this.work = work;
    this.kubeconfig = work.resolve("kubeconfig-" + version);
    String config =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: ketch
          cluster:
            server: %s
        contexts:
        - name: ketch
          context:
            cluster: ketch
            user: tester
            namespace: default
        current-context: ketch
        users:
        - name: tester
          user: {}
        """
            .formatted(serverUrl);
    try {
      Files.writeString(kubeconfig, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String version() {
    return version;
  }

  /** Runs kubectl with these arguments and a new cache directory; waits at most a minute. */
  Result run(String... args) {
    try {
      Path cache = Files.createTempDirectory(work, "cache-" + version + "-");
      List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache.toString()));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
      pb.environment().put("HOME", work.toString());
      pb.environment().remove("KUBECONFIG");
      Path out = Files.createTempFile(work, "stdout", ".txt");
      Path err = Files.createTempFile(work, "stderr", ".txt");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = pb.start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + version + " " + String.join(" ", args) + " did not finish in 60 s");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The binary of a kubectl minor version, e.g. {@code 1.27}; fails when it is not installed. */
  static Path find(String version) {
    String pathEnv = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        try {
          Path sibling = candidate.toRealPath().resolveSibling("kubectl." + version);
          if (Files.isExecutable(sibling)) {
            return sibling;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("kubectl." + version + " is not installed beside the kubectl on the PATH (" + pathEnv + ")");
  }
}
