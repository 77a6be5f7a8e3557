package dev.ketch.kubelet.runtime.process;

import dev.ketch.kubelet.runtime.StreamingProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command started for {@code kubectl exec} beside a container's process. With a terminal the
 * command runs under util-linux {@code script}, which gives it a pseudo-terminal; a resize sets the
 * size of that terminal ({@code stty -F}), and the kernel tells the command with SIGWINCH.
 */
final class HostStreamingProcess implements StreamingProcess {

  private static final Logger log = LoggerFactory.getLogger(HostStreamingProcess.class);

  private static final long TERMINAL_WAIT_NANOS = 2_000_000_000L;

  private final Process process;
  private final boolean tty;

  HostStreamingProcess(Process process, boolean tty) {
    this.process = process;
    this.tty = tty;
  }

  /** The command line that runs {@code argv} on a new pseudo-terminal. */
  static List<String> onTerminal(List<String> argv) {
    StringBuilder quoted = new StringBuilder("exec");
    for (String a : argv) {
      quoted.append(" '").append(a.replace("'", "'\\''")).append('\'');
    }
    return List.of("script", "-qfec", quoted.toString(), "/dev/null");
  }

  @Override
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  @Override
  public InputStream stdout() {
    return process.getInputStream();
  }

  @Override
  public InputStream stderr() {
    return process.getErrorStream();
  }

  @Override
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  @Override
  public void resize(int width, int height) {
    if (!tty || width <= 0 || height <= 0) {
      return;
    }
    Optional<Path> terminal = terminal();
    if (terminal.isEmpty()) {
      return;
    }
    try {
      Process stty = new ProcessBuilder("stty", "-F", terminal.get().toString(), "rows", String.valueOf(height), "cols",
          String.valueOf(width)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      stty.waitFor();
    } catch (IOException e) {
      log.debug("cannot resize terminal={}: {}", terminal.get(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The command's terminal: its standard input, once {@code script} has started it (up to 2 s). */
  private Optional<Path> terminal() {
    long deadline = System.nanoTime() + TERMINAL_WAIT_NANOS;
    while (true) {
      Optional<Path> found = process.descendants().map(HostStreamingProcess::terminalOf).flatMap(Optional::stream).findFirst();
      if (found.isPresent() || System.nanoTime() > deadline || !process.isAlive()) {
        return found;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private static Optional<Path> terminalOf(ProcessHandle h) {
    try {
      Path target = Files.readSymbolicLink(Path.of("/proc", String.valueOf(h.pid()), "fd", "0"));
      return target.toString().startsWith("/dev/pts/") ? Optional.of(target) : Optional.empty();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  @Override
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
