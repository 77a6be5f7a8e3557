package dev.ketch.testing.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stock kubectl, in a given version, pointed at one kubeconfig with a cache directory of its
 * own (kubectl caches discovery for hours). The versions are the preinstalled ones: {@code
 * kubectl} on the PATH, and {@code kubectl.1.NN} beside the binary it links to.
 */
public final class Kubectl {

  private final Path binary;
  private final Path kubeconfig;
  private final Path cacheDir;
  private final Map<String, String> env = new HashMap<>();

  private Kubectl(Path binary, Path kubeconfig, Path cacheDir) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  /** The default kubectl on the PATH. */
  public static Kubectl defaultVersion(Path kubeconfig) {
    Path onPath = Command.which("kubectl");
    if (onPath == null) {
      throw new AssertionError("kubectl is not installed (expected on the PATH)");
    }
    return new Kubectl(onPath, kubeconfig, tempCache());
  }

  /** kubectl 1.{@code minor}, e.g. {@code version(27, …)}. */
  public static Kubectl version(int minor, Path kubeconfig) {
    Path onPath = Command.which("kubectl");
    if (onPath == null) {
      throw new AssertionError("kubectl is not installed (expected on the PATH)");
    }
    try {
      Path dir = onPath.toRealPath().getParent();
      Path versioned = dir.resolve("kubectl.1." + minor);
      if (!Files.isExecutable(versioned)) {
        throw new AssertionError("kubectl 1." + minor + " is not installed (expected " + versioned + ")");
      }
      return new Kubectl(versioned, kubeconfig, tempCache());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempCache() {
    try {
      return Files.createTempDirectory("kubectl-cache");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path binary() {
    return binary;
  }

  /** Sets an environment variable for every later run (e.g. KUBE_EDITOR). */
  public Kubectl withEnv(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Runs kubectl with the arguments and returns what it printed, whatever its exit code. */
  public Command.Result run(String... args) {
    return runWithInput(null, args);
  }

  public Command.Result runWithInput(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + cacheDir);
    command.addAll(List.of(args));
    return Command.run(Duration.ofSeconds(60), env, stdin, command);
  }

  /** Runs kubectl and fails with its output if it exits with an error. */
  public String ok(String... args) {
    return run(args).requireSuccess().stdout();
  }

  /** Starts kubectl without waiting (e.g. {@code get -w}); its output goes to {@code out}. */
  public Process start(Path out, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + cacheDir);
    command.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().putAll(env);
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
