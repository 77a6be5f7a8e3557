package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.action.HandlerRunner;
import dev.ketch.kubelet.prober.PodProbes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the kubelet remembers about one pod between syncs and cannot read back from the runtime:
 * why each container last failed to start (shown as its waiting reason until it starts), probe
 * results, whether its volumes are set up (and when they were last refreshed), and when to retry a
 * failed volume set-up. Lost on a
 * restart, as upstream's: the runtime's state is the truth, this only annotates it.
 *
 * <p>Not thread-safe: owned by the pod's worker.
 */
public final class PodState {

  final Map<String, Waiting> waiting = new HashMap<>();
  final PodProbes probes;
  boolean volumesReady;
  /** When the volumes were last set up (or refreshed). */
  Instant volumesSetUpAt;
  Instant volumeRetryAt;
  Duration volumeRetryDelay = Duration.ZERO;
  /** The newest sandbox the kubelet knew of, to tell a lost sandbox from a first one. */
  String sandboxId;
  /** Set once every container and the sandbox are stopped for termination. */
  boolean terminated;

  public PodState(HandlerRunner handlers) {
    this.probes = new PodProbes(handlers);
  }

  public Waiting waiting(String container) {
    return waiting.get(container);
  }

  public boolean terminated() {
    return terminated;
  }
}
