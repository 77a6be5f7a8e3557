package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.ContainerSummary;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.runtime.RuntimeService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod lifecycle event generator, as upstream's generic PLEG: every relist period it lists the
 * runtime's sandboxes and containers, compares each pod's (id → state) with the previous relist,
 * and pokes the workers of pods that changed (a container exited, a sandbox died). Pods the
 * runtime holds but the API no longer binds here (deleted while the kubelet was down) are
 * stopped and removed, once the pod informer has synced so that none is taken for an orphan by
 * mistake. Only this node's pods are looked at (the runtime may be shared with other agents). {@link #healthy} turns false when relisting has failed for 3 minutes, which makes the
 * node NotReady ("PLEG is not healthy").
 *
 * <p>Not thread-safe: one timer task at a time calls {@link #relist}.
 */
public final class Relister {

  private static final Logger log = LoggerFactory.getLogger(Relister.class);
  private static final Duration UNHEALTHY_AFTER = Duration.ofMinutes(3);

  private final RuntimeService runtime;
  private final String nodeName;
  private final PodWorkers workers;
  private final PodSyncer syncer;
  private final BooleanSupplier podsSynced;
  private final Clock clock;
  private Map<String, String> previous = new HashMap<>();
  private volatile Instant lastSuccess;

  public Relister(RuntimeService runtime, String nodeName, PodWorkers workers, PodSyncer syncer, BooleanSupplier podsSynced, Clock clock) {
    this.runtime = runtime;
    this.nodeName = nodeName;
    this.workers = workers;
    this.syncer = syncer;
    this.podsSynced = podsSynced;
    this.clock = clock;
    this.lastSuccess = clock.instant();
  }

  public void relist() {
    Map<String, Map<String, String>> byPod = new HashMap<>();
    for (PodSandboxStatus s : runtime.listPodSandboxes(PodSandboxFilter.ofNode(nodeName))) {
      String uid = s.labels().get(CriLabels.POD_UID);
      if (uid != null) {
        byPod.computeIfAbsent(uid, k -> new TreeMap<>()).put(s.id(), s.state().name());
      }
    }
    for (ContainerSummary c : runtime.listContainers(ContainerFilter.ofNode(nodeName))) {
      String uid = c.labels().get(CriLabels.POD_UID);
      if (uid != null) {
        byPod.computeIfAbsent(uid, k -> new TreeMap<>()).put(c.id(), c.state().name());
      }
    }
    Map<String, String> now = new HashMap<>();
    byPod.forEach((uid, states) -> now.put(uid, states.toString()));
    Set<String> known = workers.uids();
    boolean synced = podsSynced.getAsBoolean();
    for (Map.Entry<String, String> e : now.entrySet()) {
      String uid = e.getKey();
      if (known.contains(uid)) {
        if (!e.getValue().equals(previous.get(uid))) {
          workers.poke(uid);
        }
      } else if (synced) {
        log.info("removing pod the API no longer binds here podUid={}", uid);
        try {
          syncer.cleanup(uid);
        } catch (RuntimeException ex) {
          log.warn("removing orphaned pod failed podUid={}: {}", uid, ex.toString());
        }
      }
    }
    for (String uid : previous.keySet()) {
      if (!now.containsKey(uid) && known.contains(uid)) {
        workers.poke(uid);
      }
    }
    previous = now;
    lastSuccess = clock.instant();
  }

  /** Empty while relisting works; else why the node is not ready. */
  public String problem() {
    Duration since = Duration.between(lastSuccess, clock.instant());
    return since.compareTo(UNHEALTHY_AFTER) > 0
        ? "PLEG is not healthy: pleg was last seen active " + GoDuration.format(since) + " ago; threshold is 3m0s" : "";
  }
}
