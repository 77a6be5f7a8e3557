package dev.ketch.apiserver.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the machine's real kubectl binaries ({@code kubectl.1.NN} beside the file the {@code
 * kubectl} on the PATH resolves to), run against a kubeconfig with a fresh discovery cache per
 * call, optionally with environment variables (an editor for {@code kubectl edit}). A missing
 * binary fails the test that asks for it: these tests prove the server against the real client and
 * never skip.
 */
public final class Kubectl {

  /** What a run printed and returned. */
  public record Result(int exitCode, String stdout, String stderr) {

    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl failed with exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
      }
      return this;
    }

    public String output() {
      return stdout + stderr;
    }
  }

  private final String version;
  private final Path binary;
  private final Path kubeconfig;
  private final Path work;
  private final Map<String, String> environment;

  public Kubectl(String version, Path kubeconfig, Path work) {
    this(version, kubeconfig, work, Map.of());
  }

  private Kubectl(String version, Path kubeconfig, Path work, Map<String, String> environment) {
    this.version = version;
    this.binary = find(version);
    this.kubeconfig = kubeconfig;
    this.work = work;
    this.environment = Map.copyOf(environment);
  }

  public String version() {
    return version;
  }

  /** The same kubectl with one more environment variable set. */
  public Kubectl withEnvironment(String name, String value) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(name, value);
    return new Kubectl(version, kubeconfig, work, env);
  }

  /** Runs kubectl with these arguments; waits at most a minute. */
  public Result run(String... args) {
    try {
      Path cache = Files.createTempDirectory(work, "cache-" + version + "-");
      List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache.toString()));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
      pb.environment().put("HOME", work.toString());
      pb.environment().remove("KUBECONFIG");
      pb.environment().putAll(environment);
      Path out = Files.createTempFile(work, "stdout", ".txt");
      Path err = Files.createTempFile(work, "stderr", ".txt");
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(out.toFile()).redirectError(err.toFile());
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

  /** Writes {@code text} to a file in the work directory and returns its path, for {@code -f}. */
  public Path file(String name, String text) {
    try {
      return Files.writeString(work.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The binary of a kubectl minor version, e.g. {@code 1.32}; fails when it is not installed. */
  public static Path find(String version) {
    String pathEnv = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathEnv.split(File.pathSeparator)) {
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
