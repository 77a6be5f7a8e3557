package dev.ketch.kubelet.runtime.simulated;

import dev.ketch.kubelet.action.Handler;
import dev.ketch.kubelet.action.HandlerResult;
import dev.ketch.kubelet.action.HandlerRunner;
import dev.ketch.kubelet.action.HandlerTarget;
import dev.ketch.kubelet.action.Purpose;
import java.time.Duration;

/**
 * Probes and hooks on a simulated node: there is no process or address to reach, so every handler
 * succeeds at once, except readiness probes of containers annotated never-ready and liveness
 * probes of containers past their unhealthy-after time ({@link SimulatedBehaviour}). Sleep hooks
 * do not sleep. Thread-safe.
 */
public final class SimulatedHandlerRunner implements HandlerRunner {

  private final SimulatedRuntime runtime;

  public SimulatedHandlerRunner(SimulatedRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public HandlerResult run(Purpose purpose, HandlerTarget target, Handler handler, Duration timeout) {
    if (purpose == Purpose.READINESS && runtime.neverReady(target.containerId())) {
      return HandlerResult.failed(failure(handler, "simulated never ready"));
    }
    if (purpose == Purpose.LIVENESS && runtime.unhealthy(target.containerId())) {
      return HandlerResult.failed(failure(handler, "simulated unhealthy"));
    }
    return HandlerResult.ok();
  }

  private static String failure(Handler handler, String why) {
    return switch (handler) {
      case Handler.HttpGet g -> "HTTP probe failed with statuscode: 503 (" + why + ")";
      case Handler.TcpSocket t -> "dial tcp " + t.host() + ":" + t.port() + ": connect: connection refused (" + why + ")";
      case Handler.Exec e -> why;
      case Handler.Sleep s -> why;
    };
  }
}
