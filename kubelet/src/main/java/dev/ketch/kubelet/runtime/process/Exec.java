package dev.ketch.kubelet.runtime.process;

import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerRuntimeException.Code;
import dev.ketch.kubelet.runtime.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command "in" a container of the process runtime: a host process beside the container's,
 * with the container's environment and working directory, as probes and hooks of type exec need.
 * Output is kept up to 1 MiB per stream. Blocks the caller until the command ends or the timeout
 * passes, when it and its children are killed. Stateless.
 */
final class Exec {

  private static final int MAX_OUTPUT = 1024 * 1024;

  private Exec() {}

  static ExecResult run(ContainerRecord c, List<String> command, String hostname, Path rootfs, Map<String, String> agentEnv,
      Duration timeout) {
    Process p = start(c, command, hostname, rootfs, agentEnv, false);
    CompletableFuture<byte[]> stdout = drain(p.getInputStream());
    CompletableFuture<byte[]> stderr = drain(p.getErrorStream());
    try {
      boolean done = timeout.isZero() || timeout.isNegative() ? waitForever(p) : p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new ContainerRuntimeException(Code.DEADLINE_EXCEEDED, "command " + command + " timed out after " + timeout);
      }
      return new ExecResult(stdout.join(), stderr.join(), p.exitValue());
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ContainerRuntimeException(Code.INTERNAL, "interrupted while running " + command, e);
    }
  }

  /**
   * Starts {@code command} beside the container's process, with pipes for its streams (stdin from
   * /dev/null unless {@code withStdin}).
   *
   * @throws ContainerRuntimeException COMMAND_NOT_FOUND when it cannot be started
   */
  static Process start(ContainerRecord c, List<String> command, String hostname, Path rootfs, Map<String, String> agentEnv,
      boolean withStdin) {
    LaunchPlan plan = LaunchPlan.of(c.withCommand(command), hostname, rootfs, agentEnv);
    ProcessBuilder pb = new ProcessBuilder(plan.argv()).directory(plan.workingDir().toFile());
    if (!withStdin) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    pb.environment().clear();
    pb.environment().putAll(plan.env());
    try {
      return pb.start();
    } catch (IOException e) {
      throw new ContainerRuntimeException(Code.COMMAND_NOT_FOUND, "exec failed: " + e.getMessage(), e);
    }
  }

  private static boolean waitForever(Process p) throws InterruptedException {
    p.waitFor();
    return true;
  }

  private static CompletableFuture<byte[]> drain(InputStream in) {
    CompletableFuture<byte[]> out = new CompletableFuture<>();
    Thread.ofVirtual().name("process-exec-output").start(() -> {
      try (in) {
        byte[] kept = in.readNBytes(MAX_OUTPUT);
        in.transferTo(java.io.OutputStream.nullOutputStream());
        out.complete(kept);
      } catch (IOException e) {
        out.complete(new byte[0]);
      }
    });
    return out;
  }
}
