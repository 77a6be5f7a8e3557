package dev.ketch.kubelet.server;

import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.StreamingProcess;
import dev.ketch.kubelet.runtime.StreamingService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code kubectl exec}: starts the command through the runtime, copies the client's input to
 * it and its output to the client, and ends with its exit status (a Status with cause ExitCode when
 * it is not zero). Threads: one virtual thread waits for the command, one copies each output
 * stream, one writes input (queued by the network thread, so that it never blocks).
 */
final class ExecSession implements StreamSession {

  private static final Logger log = LoggerFactory.getLogger(ExecSession.class);
  private static final byte[] END_OF_INPUT = new byte[0];
  private static final long FIRST_SIZE_WAIT_NANOS = 500_000_000L;

  private final StreamingService streaming;
  private final String containerId;
  private final List<String> command;
  private final boolean tty;
  private final boolean withStdin;
  private final SessionOutput out;
  private final LinkedBlockingQueue<byte[]> input = new LinkedBlockingQueue<>();
  private final AtomicBoolean aborted = new AtomicBoolean();
  private volatile StreamingProcess process;
  private volatile int[] pendingSize;

  ExecSession(StreamingService streaming, String containerId, List<String> command, boolean tty, boolean withStdin,
      SessionOutput out) {
    this.streaming = streaming;
    this.containerId = containerId;
    this.command = List.copyOf(command);
    this.tty = tty;
    this.withStdin = withStdin;
    this.out = out;
  }

  @Override
  public void start() {
    Thread.ofVirtual().name("kubelet-exec").start(this::run);
  }

  private void run() {
    StreamingProcess p;
    try {
      p = streaming.exec(containerId, command, tty);
    } catch (ContainerRuntimeException e) {
      out.finish(Statuses.failure(500, "InternalError", "Internal error occurred: error executing command in container: "
          + e.getMessage()));
      return;
    }
    process = p;
    if (tty) {
      applyFirstSize(p);
    }
    if (aborted.get()) {
      p.kill();
      return;
    }
    Thread stdout = copy(p.stdout(), true);
    Thread stderr = copy(p.stderr(), false);
    Thread stdin = Thread.ofVirtual().name("kubelet-exec-stdin").start(() -> feed(p.stdin()));
    try {
      int exit = p.waitFor();
      stdout.join();
      stderr.join();
      stdin.interrupt();
      log.atDebug().addKeyValue("container", containerId).addKeyValue("exitCode", exit).log("exec ended");
      out.finish(exit == 0 ? Statuses.success() : Statuses.nonZeroExit(command, exit));
    } catch (InterruptedException e) {
      p.kill();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Gives the terminal the client's size before any input reaches the command, waiting briefly
   * for the client's first resize message.
   */
  private void applyFirstSize(StreamingProcess p) {
    long deadline = System.nanoTime() + FIRST_SIZE_WAIT_NANOS;
    while (pendingSize == null && System.nanoTime() < deadline && !aborted.get()) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    int[] size = pendingSize;
    if (size != null) {
      p.resize(size[0], size[1]);
    }
  }

  private Thread copy(InputStream from, boolean isStdout) {
    return Thread.ofVirtual().name("kubelet-exec-output").start(() -> {
      byte[] buf = new byte[32 * 1024];
      try (from) {
        int n;
        while ((n = from.read(buf)) > 0) {
          byte[] chunk = java.util.Arrays.copyOf(buf, n);
          if (isStdout) {
            out.stdout(chunk);
          } else {
            out.stderr(chunk);
          }
        }
      } catch (IOException e) {
        log.atDebug().addKeyValue("container", containerId).log("exec output ended: {}", e.toString());
      }
    });
  }

  private void feed(OutputStream to) {
    try (to) {
      if (!withStdin) {
        return;
      }
      while (true) {
        byte[] chunk = input.take();
        if (chunk == END_OF_INPUT) {
          return;
        }
        to.write(chunk);
        to.flush();
      }
    } catch (IOException | InterruptedException e) {
      // The command ended or closed its input.
    }
  }

  @Override
  public void stdin(byte[] bytes) {
    if (bytes.length > 0) {
      input.add(bytes);
    }
  }

  @Override
  public void closeStdin() {
    input.add(END_OF_INPUT);
  }

  @Override
  public void resize(int width, int height) {
    StreamingProcess p = process;
    if (p == null) {
      pendingSize = new int[] {width, height};
      return;
    }
    Thread.ofVirtual().name("kubelet-exec-resize").start(() -> p.resize(width, height));
  }

  @Override
  public void abort() {
    if (aborted.compareAndSet(false, true)) {
      input.add(END_OF_INPUT);
      StreamingProcess p = process;
      if (p != null) {
        p.kill();
      }
    }
  }
}
