package dev.ketch.kubelet.runtime;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A command started by {@link StreamingService#exec}: its standard streams, its exit code, and
 * for a terminal its window size. With a terminal, standard error is merged into {@link #stdout()}
 * and {@link #stderr()} is empty.
 */
public interface StreamingProcess {

  OutputStream stdin();

  InputStream stdout();

  InputStream stderr();

  /** Waits for the command to end; returns its exit code. */
  int waitFor() throws InterruptedException;

  /** Sets the terminal's size; does nothing without a terminal. */
  void resize(int width, int height);

  /** Kills the command and what it started. */
  void kill();
}
