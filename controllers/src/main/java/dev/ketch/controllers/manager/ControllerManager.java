package dev.ketch.controllers.manager;

import dev.ketch.controllers.events.ApiEventRecorder;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.framework.Informers;
import dev.ketch.controllers.framework.ManagedController;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs controllers as kube-controller-manager does: one client, shared informers, each controller
 * on its own thread, everything through the API. Controllers are created and started once the
 * {@link LeaderElection} says this process leads, and stopped when it stops leading or on {@link
 * #close()}.
 *
 * <p>Threads: one per controller, named {@code controller-<name>}, plus each controller's workers,
 * the informers' (the client's executor) and one per event recorder. {@link #close()} stops them
 * all, and closes the client if the manager created it.
 */
public final class ControllerManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);
  private static final Duration JOIN_LIMIT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final ControllerManagerConfig config;
  private final Object lock = new Object();
  private final List<ManagedController> controllers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentMap<String, ApiEventRecorder> recorders = new ConcurrentHashMap<>();
  private Informers informers;
  private boolean leading;
  private boolean closed;

  private ControllerManager(KubernetesClient client, boolean ownsClient, ControllerManagerConfig config) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.config = config;
  }

  /** Starts the controllers with {@code client}, which stays the caller's to close. */
  public static ControllerManager start(KubernetesClient client, ControllerManagerConfig config) {
    ControllerManager manager = new ControllerManager(client, false, config);
    manager.begin();
    return manager;
  }

  /** Starts the controllers with a client for {@code kubeconfig}, closed with the manager. */
  public static ControllerManager start(Path kubeconfig, ControllerManagerConfig config) {
    KubernetesClient client = KubeClients.fromKubeconfig(kubeconfig);
    ControllerManager manager = new ControllerManager(client, true, config);
    try {
      manager.begin();
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    return manager;
  }

  private void begin() {
    log.info("starting controller manager server={} controllers={}", client.getMasterUrl(),
        config.controllers().stream().map(ControllerDescriptor::name).toList());
    config.leaderElection().start(client, this::startLeading, this::stopLeading);
  }

  private void startLeading() {
    synchronized (lock) {
      if (closed || leading) {
        return;
      }
      leading = true;
      informers = new Informers(client, config.informerResync());
      ControllerContext context = new ControllerContext(client, informers, config.clock(), this::recorder);
      for (ControllerDescriptor d : config.controllers()) {
        controllers.add(d.factory().apply(context));
      }
      informers.start();
      for (ManagedController c : controllers) {
        threads.add(Thread.ofPlatform().name("controller-" + c.name()).start(() -> runGuarded(c)));
      }
      log.info("controllers started count={}", controllers.size());
    }
  }

  private static void runGuarded(ManagedController c) {
    try {
      c.run();
    } catch (RuntimeException e) {
      log.error("controller stopped with an error controller={}", c.name(), e);
    }
  }

  private EventRecorder recorder(String component) {
    return recorders.computeIfAbsent(component, c -> new ApiEventRecorder(client, c, config.host(), config.clock()));
  }

  private void stopLeading() {
    List<ManagedController> toStop;
    List<Thread> toJoin;
    Informers toClose;
    synchronized (lock) {
      if (!leading) {
        return;
      }
      leading = false;
      toStop = List.copyOf(controllers);
      toJoin = List.copyOf(threads);
      toClose = informers;
      controllers.clear();
      threads.clear();
      informers = null;
    }
    // Controllers stop together: each close waits for its own workers.
    List<Thread> closers = new ArrayList<>();
    for (ManagedController c : toStop) {
      closers.add(Thread.ofPlatform().name("stop-" + c.name()).start(c::close));
    }
    join(closers);
    join(toJoin);
    toClose.close();
    recorders.values().forEach(ApiEventRecorder::close);
    recorders.clear();
    log.info("controllers stopped");
  }

  private static void join(List<Thread> threads) {
    long deadline = System.nanoTime() + JOIN_LIMIT.toNanos();
    for (Thread t : threads) {
      try {
        long left = deadline - System.nanoTime();
        if (left > 0 && !t.join(Duration.ofNanos(left))) {
          log.warn("thread did not stop thread={}", t.getName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The names of the controllers this manager runs when it leads. */
  public List<String> controllerNames() {
    return config.controllers().stream().map(ControllerDescriptor::name).toList();
  }

  /** The names of the controllers running now (none before leading or after close). */
  public List<String> runningControllers() {
    synchronized (lock) {
      return controllers.stream().map(ManagedController::name).toList();
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** Stops every controller, the informers and the recorders; closes the client if owned. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    config.leaderElection().close();
    stopLeading();
    if (ownsClient) {
      client.close();
    }
  }
}
