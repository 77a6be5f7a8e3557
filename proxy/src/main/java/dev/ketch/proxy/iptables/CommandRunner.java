package dev.ketch.proxy.iptables;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packet filter's tools ({@code iptables-restore}, {@code iptables-save}, {@code
 * conntrack}), optionally behind a prefix such as {@code ip netns exec <ns>}.
 */
public final class CommandRunner {

  private static final long TIMEOUT_SECONDS = 60;

  private final List<String> prefix;

  public CommandRunner(List<String> prefix) {
    this.prefix = List.copyOf(prefix);
  }

  /** Runs commands as they are, in the host's network namespace. */
  public static CommandRunner host() {
    return new CommandRunner(List.of());
  }

  /** Runs commands inside the named network namespace. */
  public static CommandRunner inNetns(String netns) {
    return new CommandRunner(List.of("ip", "netns", "exec", netns));
  }

  /** The outcome of a command. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  public Result run(List<String> command, String stdin) {
    List<String> full = new ArrayList<>(prefix);
    full.addAll(command);
    Process p;
    try {
      p = new ProcessBuilder(full).start();
    } catch (IOException e) {
      return new Result(127, "", "cannot run " + command.getFirst() + ": " + e.getMessage());
    }
    try {
      Thread writer = Thread.ofVirtual().start(() -> {
        try (OutputStream in = p.getOutputStream()) {
          if (stdin != null) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          // The command exited without reading all of its input; its exit code tells why.
        }
      });
      var err = readAsync(p.getErrorStream());
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(124, out, String.join(" ", command) + " timed out");
      }
      writer.join();
      return new Result(p.exitValue(), out, err.get());
    } catch (IOException e) {
      p.destroyForcibly();
      return new Result(1, "", e.getMessage());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(130, "", "interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      return new Result(1, "", e.getCause().toString());
    }
  }

  private static java.util.concurrent.Future<String> readAsync(InputStream s) {
    var f = new java.util.concurrent.CompletableFuture<String>();
    Thread.ofVirtual().start(() -> {
      try {
        f.complete(new String(s.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        f.complete("");
      }
    });
    return f;
  }

  /** Whether {@code tool} can be run at all. */
  public boolean available(String tool) {
    return run(List.of(tool, "--version"), null).exitCode() != 127;
  }
}
