package dev.ketch.apiserver.http;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real command-line clients in tests. */
final class Processes {

  /** What a finished command left behind. */
  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  private Processes() {}

  /** Runs the command to its end (at most {@code timeout}), with {@code env} added. */
  static Result run(List<String> command, Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out after " + timeout + ": " + command);
    }
    return new Result(p.exitValue(), out.join(), err.join());
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "<unreadable: " + e + ">";
          }
        },
        r -> Thread.ofVirtual().start(r));
  }

  /**
   * The executable's path on the PATH.
   *
   * @throws AssertionError when it is not installed: the tests need it and must fail, not skip
   */
  static Path onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(name + " is not installed (not on PATH=" + path + "); bin/setup installs what the tests need");
  }

  /**
   * kubectl and every versioned kubectl.1.NN beside the binary it links to, as the machines carry
   * them; the plain one first.
   */
  static List<Path> kubectls() throws IOException {
    Path kubectl = onPath("kubectl");
    Path real = kubectl.toRealPath();
    List<Path> all = new ArrayList<>();
    all.add(kubectl);
    try (var files = Files.list(real.getParent())) {
      files.filter(f -> f.getFileName().toString().matches("kubectl\\.1\\.\\d+")).sorted().forEach(all::add);
    }
    return all;
  }
}
