package dev.ketch.bench.controllers;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bin/ketch controller-manager} as a child process, with its CPU time and memory read from
 * /proc (Linux only). Closing it sends SIGTERM and waits.
 */
final class ManagerProcess implements AutoCloseable {

  private static final double TICKS_PER_SECOND = 100.0;

  private final Process process;

  private ManagerProcess(Process process) {
    this.process = process;
  }

  /** Starts the manager from the built distribution of the source tree at {@code root}. */
  static ManagerProcess start(Path root, Path kubeconfig, String javaOpts, List<String> args, Path log) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(root.resolve("bin/ketch").toString(), "controller-manager", "--kubeconfig",
        kubeconfig.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("KETCH_SKIP_BUILD", "1");
    pb.environment().put("KETCH_JAVA_OPTS", javaOpts);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return new ManagerProcess(pb.start());
  }

  long pid() {
    return process.pid();
  }

  /** Waits until a holder is written in the controller manager's Lease. */
  void awaitLeading(KubernetesClient client, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("controller manager exited with " + process.exitValue());
      }
      Lease lease = client.leases().inNamespace("kube-system").withName("kube-controller-manager").get();
      if (lease != null && lease.getSpec() != null && lease.getSpec().getHolderIdentity() != null
          && !lease.getSpec().getHolderIdentity().isEmpty()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("controller manager did not lead within " + timeout);
  }

  /** User plus system CPU seconds of the process so far. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /** Peak resident memory (VmHWM) in MiB. */
  long peakRssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
