package dev.ketch.store.grpc;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code etcdctl} (etcd v3 API) against an endpoint. A missing binary fails the test
 * with how to install it: these tests are the proof that the stock client works.
 */
final class Etcdctl {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path binary;
  private final URI endpoint;

  Etcdctl(URI endpoint) {
    this.binary = find();
    this.endpoint = endpoint;
  }

  /** The output of one finished command. */
  record Result(int exitCode, String stdout, String stderr) {
    /** The output, failing the test if the command did not succeed. */
    String ok() {
      if (exitCode != 0) {
        fail("etcdctl failed with exit code %d:%n%s%s", exitCode, stdout, stderr);
      }
      return stdout;
    }

    /** The last line of standard error, where etcdctl prints "Error: ...". */
    String error() {
      String[] lines = stderr.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  Result run(String... args) {
    return runWithInput("", args);
  }

  Result runWithInput(String input, String... args) {
    Process process = start(args);
    try (Writer stdin = process.outputWriter(StandardCharsets.UTF_8)) {
      stdin.write(input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      var stdout = readAsync(process.getInputStream());
      var stderr = readAsync(process.getErrorStream());
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail("etcdctl %s did not finish within %s", List.of(args), TIMEOUT);
      }
      return new Result(process.exitValue(), stdout.get(), stderr.get());
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      process.destroyForcibly();
      throw new IllegalStateException(e);
    }
  }

  /** A long-running command, such as a watch, whose output is read line by line. */
  Running startRunning(String... args) {
    return new Running(start(args));
  }

  static final class Running implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    Running(Process process) {
      this.process = process;
      Thread.ofVirtual().start(() -> pump(process.getInputStream(), lines, null));
      Thread.ofVirtual().start(() -> pump(process.getErrorStream(), null, stderr));
    }

    /** The next {@code count} lines of output, failing the test if they do not come in time. */
    List<String> nextLines(int count) throws InterruptedException {
      List<String> result = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (result.size() < count) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
          fail("etcdctl printed %s, then nothing more; stderr: %s", result, stderr());
        }
        result.add(line);
      }
      return result;
    }

    /** Waits for the command to end by itself. */
    int awaitExit() throws InterruptedException {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("etcdctl did not exit; stderr: %s", stderr());
      }
      return process.exitValue();
    }

    String stderr() {
      synchronized (stderr) {
        return stderr.toString();
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }

    private static void pump(java.io.InputStream in, BlockingQueue<String> to, StringBuilder sink) {
      try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (to != null) {
            to.add(line);
          } else {
            synchronized (sink) {
              sink.append(line).append('\n');
            }
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
    }
  }

  private Process start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--endpoints=" + endpoint);
    command.add("--dial-timeout=5s");
    command.add("--command-timeout=10s");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("ETCDCTL_API", "3");
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.concurrent.Future<String> readAsync(java.io.InputStream in) {
    var task =
        new java.util.concurrent.FutureTask<>(
            () -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    Thread.ofVirtual().start(task);
    return task;
  }

  private static Path find() {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> dirs = new ArrayList<>(List.of(path.split(":")));
    dirs.add("/usr/bin");
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "etcdctl");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail(
        "etcdctl is not installed, and these tests need the real client:"
            + " apt-get install -y etcd-client (Debian's etcdctl 3.4)");
  }
}
