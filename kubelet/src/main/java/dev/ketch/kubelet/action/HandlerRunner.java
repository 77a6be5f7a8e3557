package dev.ketch.kubelet.action;

import java.time.Duration;

/**
 * Runs probe and hook handlers. On a real node exec goes through the runtime and HTTP and TCP
 * through the host's network ({@link HostHandlerRunner}); on a simulated node there is no process
 * nor address to reach, so the simulated runtime answers instead.
 *
 * <p>Thread-safety: safe for concurrent use; {@link #run} blocks for at most about {@code timeout}.
 */
public interface HandlerRunner {

  /** Runs the handler; failures are results, not exceptions. */
  HandlerResult run(Purpose purpose, HandlerTarget target, Handler handler, Duration timeout);
}
