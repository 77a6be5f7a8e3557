package dev.ketch.kubelet;

import dev.ketch.kubelet.env.EnvironmentBuilder;
import dev.ketch.kubelet.events.EventRecorder;
import dev.ketch.kubelet.events.EventType;
import dev.ketch.kubelet.events.References;
import dev.ketch.kubelet.node.NodeLease;
import dev.ketch.kubelet.node.NodeRegistration;
import dev.ketch.kubelet.node.NodeStatusReporter;
import dev.ketch.kubelet.pod.BackOff;
import dev.ketch.kubelet.pod.PodSource;
import dev.ketch.kubelet.pod.PodState;
import dev.ketch.kubelet.pod.PodSyncer;
import dev.ketch.kubelet.pod.PodWorkers;
import dev.ketch.kubelet.pod.Relister;
import dev.ketch.kubelet.pod.SyncContext;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.RuntimeVersion;
import dev.ketch.kubelet.status.StatusManager;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent of one node: registers the Node, renews its Lease, reports node status, and runs
 * the pods bound to it through the node's runtime. Components talk to the cluster only through
 * the API client.
 *
 * <p>Threads: none of its own; its periodic work (lease every 10 s, node status every 10 s, relist
 * every second, resync every minute) is timed on the shared services' timer thread and done on
 * their virtual threads, never two runs of one task at once. {@link #close()} stops it and leaves
 * the pods' containers running, so a new kubelet over the same runtime adopts them.
 */
public final class Kubelet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Kubelet.class);

  private final KubeletServices services;
  private final KubeletConfig config;
  private final NodeRuntime node;
  private final PodSource pods;
  private final PodWorkers workers;
  private final Relister relister;
  private final NodeRegistration registration;
  private final NodeLease lease;
  private final NodeStatusReporter reporter;
  private final EventRecorder events;
  private final RuntimeVersion runtimeVersion;
  private final List<ScheduledFuture<?>> periodic = new ArrayList<>();
  private volatile Node registered;
  private volatile boolean closed;

  private Kubelet(KubeletServices services, KubeletConfig config, NodeRuntime node, PodSource pods, int kubeletPort) {
    this.services = services;
    this.config = config;
    this.node = node;
    this.pods = pods;
    this.events = services.events().forHost(config.nodeName());
    this.runtimeVersion = node.runtime().version();
    SyncContext ctx = new SyncContext(node.runtime(), node.images(), node.handlers(),
        node.volumes().apply(services.objects(), config.rootDir()), new EnvironmentBuilder(services.objects()), events,
        services.clock(), config.nodeIp(), config.allocatable(), config.clusterDns(), config.clusterDomain(), config.rootDir(),
        config.logDir(), new BackOff(config.backOffInitial(), config.backOffMax()),
        new BackOff(config.backOffInitial(), config.backOffMax()));
    PodSyncer syncer = new PodSyncer(ctx);
    this.workers = new PodWorkers(syncer, new StatusManager(services.client()), services.workers(), services.timers(),
        services.clock(), () -> new PodState(node.handlers()));
    this.relister = new Relister(node.runtime(), config.nodeName(), workers, syncer, pods::hasSynced, services.clock());
    this.registration = new NodeRegistration(services.client(), config, kubeletPort);
    this.lease = new NodeLease(services.client(), config, services.clock());
    this.reporter = new NodeStatusReporter(services.client(), config, node.images(), node.runtime()::version,
        this::runtimeProblem, node.pressure(), events, services.clock(), kubeletPort);
  }

  /**
   * Starts the kubelet: registers the node (retrying in the background if the API refuses), then
   * renews its Lease, reports its status and runs its pods.
   *
   * @throws ContainerRuntimeException if the runtime does not answer
   */
  public static Kubelet start(KubeletServices services, KubeletConfig config, NodeRuntime node, PodSource pods) {
    return start(services, config, node, pods, dev.ketch.kubelet.node.NodeObjects.DEFAULT_KUBELET_PORT);
  }

  /** As {@link #start(KubeletServices, KubeletConfig, NodeRuntime, PodSource)}, serving HTTPS on {@code kubeletPort}. */
  public static Kubelet start(KubeletServices services, KubeletConfig config, NodeRuntime node, PodSource pods,
      int kubeletPort) {
    Kubelet k = new Kubelet(services, config, node, pods, kubeletPort);
    k.startParts();
    return k;
  }

  private void startParts() {
    events.event(References.node(config.nodeName()), EventType.NORMAL, "Starting", "Starting kubelet.");
    tryRegister();
    pods.subscribe(config.nodeName(), new PodSource.Handler() {
      @Override
      public void added(Pod pod) {
        workers.update(pod);
      }

      @Override
      public void updated(Pod pod) {
        workers.update(pod);
      }

      @Override
      public void deleted(Pod pod) {
        workers.delete(pod);
      }
    });
    every(config.leaseRenewInterval(), this::renewLease);
    every(config.nodeStatusUpdateFrequency(), this::updateStatus);
    every(config.relistPeriod(), relister::relist);
    every(config.resyncPeriod(), workers::pokeAll);
    log.info("kubelet started node={} runtime={}", config.nodeName(), runtimeVersion.nodeInfo());
  }

  private void tryRegister() {
    try {
      registered = registration.register(runtimeVersion);
      lease.setOwner(registered);
      renewLease();
      updateStatus();
    } catch (RuntimeException e) {
      log.warn("node registration failed, will retry node={}: {}", config.nodeName(), e.toString());
    }
  }

  private void renewLease() {
    if (registered == null) {
      tryRegister();
      return;
    }
    try {
      lease.renew();
    } catch (RuntimeException e) {
      log.warn("lease renewal failed node={}: {}", config.nodeName(), e.toString());
    }
  }

  private void updateStatus() {
    if (registered == null) {
      return;
    }
    try {
      reporter.update();
    } catch (RuntimeException e) {
      log.warn("node status update failed node={}: {}", config.nodeName(), e.toString());
    }
  }

  private String runtimeProblem() {
    try {
      node.runtime().version();
    } catch (ContainerRuntimeException e) {
      return "container runtime is down: " + e.getMessage();
    }
    return relister.problem();
  }

  /** Runs {@code task} every {@code period} on the shared executor, never two runs at once. */
  private void every(Duration period, Runnable task) {
    AtomicBoolean busy = new AtomicBoolean();
    long millis = Math.max(1, period.toMillis());
    ScheduledFuture<?> f = services.timers().scheduleWithFixedDelay(() -> {
      if (closed || !busy.compareAndSet(false, true)) {
        return;
      }
      services.workers().execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("kubelet task failed node={}: {}", config.nodeName(), e.toString());
        } finally {
          busy.set(false);
        }
      });
    }, millis, millis, TimeUnit.MILLISECONDS);
    periodic.add(f);
  }

  public String nodeName() {
    return config.nodeName();
  }

  public KubeletConfig config() {
    return config;
  }

  /** Whether the Node is registered. */
  public boolean registered() {
    return registered != null;
  }

  /** How many pods this kubelet has workers for. */
  public int podCount() {
    return workers.size();
  }

  @Override
  public void close() {
    closed = true;
    periodic.forEach(f -> f.cancel(false));
    pods.unsubscribe(config.nodeName());
    workers.close();
    log.info("kubelet stopped node={}", config.nodeName());
  }
}
