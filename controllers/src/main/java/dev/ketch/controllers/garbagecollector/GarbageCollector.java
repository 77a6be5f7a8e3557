package dev.ketch.controllers.garbagecollector;

import dev.ketch.controllers.discovery.ApiDiscovery;
import dev.ketch.controllers.discovery.ApiResource;
import dev.ketch.controllers.discovery.ApiResources;
import dev.ketch.controllers.framework.CacheSync;
import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.Informers;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector, as kube-controller-manager's: deletes objects whose owners are all gone,
 * and carries out the {@code Foreground} and {@code Orphan} propagation policies the API server
 * starts with the {@code foregroundDeletion} and {@code orphan} finalizers.
 *
 * <p>It watches every resource that supports list, watch and delete (from discovery, less the
 * ignored ones), through metadata informers feeding a {@link GraphBuilder} that keeps the
 * ownerReferences {@link DependencyGraph}; workers ({@link AttemptToDelete}, {@link
 * AttemptToOrphan}) act on nodes the graph builder queues. Owners are always identified by uid,
 * checked against the API before anything is deleted. Discovery is read again every {@link
 * GarbageCollectorConfig#resyncPeriod()} to watch resources that appear.
 *
 * <p>Threads: the caller of {@link #run()} (resyncs), {@code garbage-collector-graph} (the graph
 * builder), {@code garbage-collector-delete} and {@code garbage-collector-orphan} (their
 * controllers) with their workers. {@link #close()} stops them all.
 */
public final class GarbageCollector implements ManagedController {

  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
  private static final String NAME = "garbage-collector";

  private final GarbageCollectorConfig config;
  private final Informers informers;
  private final ApiDiscovery discovery;
  private final DependencyGraph graph = new DependencyGraph();
  private final GraphBuilder graphBuilder;
  private final Controller<Node> deleter;
  private final Controller<Node> orphaner;
  private final WorkQueue<Node> attemptToDelete;
  private final Map<ApiResource, SharedIndexInformer<GenericKubernetesResource>> monitors = new LinkedHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<Thread> threads = new ArrayList<>();
  private volatile ApiResources resources = new ApiResources(List.of(), Map.of());

  public GarbageCollector(ControllerContext context, GarbageCollectorConfig config) {
    this.config = config;
    this.informers = context.informers();
    this.discovery = context.discovery();
    this.attemptToDelete = WorkQueue.withDefaultRateLimiter("garbage_collector_attempt_to_delete", context.clock());
    WorkQueue<Node> attemptToOrphan = WorkQueue.withDefaultRateLimiter("garbage_collector_attempt_to_orphan", context.clock());
    LruSet<ObjectIdentity> absentOwners = new LruSet<>(500);
    LruSet<String> orphanedOwners = new LruSet<>(10_000);
    this.graphBuilder = new GraphBuilder(graph, attemptToDelete, attemptToOrphan, absentOwners, orphanedOwners);
    ObjectOperations operations = new ObjectOperations(context.dynamicClient(), () -> resources);
    this.deleter = new Controller<>(NAME + "-delete", attemptToDelete,
        new AttemptToDelete(graph, graphBuilder, operations, absentOwners, orphanedOwners, attemptToDelete,
            context.eventRecorder("garbage-collector-controller")),
        config.deleteWorkers(), List.of());
    this.orphaner = new Controller<>(NAME + "-orphan", attemptToOrphan, new AttemptToOrphan(graph, operations),
        config.orphanWorkers(), List.of());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run() {
    if (!discoverUntilDone()) {
      return;
    }
    List<BooleanSupplier> synced;
    synchronized (monitors) {
      synced = monitors.values().stream().<BooleanSupplier>map(i -> i::hasSynced).toList();
    }
    if (!CacheSync.await(NAME, synced, closed)) {
      return;
    }
    log.info("garbage collector synced monitors={} graphNodes={}", synced.size(), graph.size());
    synchronized (threads) {
      if (closed.getCount() == 0) {
        return;
      }
      threads.add(Thread.ofPlatform().name(NAME + "-graph").start(graphBuilder::run));
      threads.add(Thread.ofPlatform().name(NAME + "-delete").start(deleter::run));
      threads.add(Thread.ofPlatform().name(NAME + "-orphan").start(orphaner::run));
    }
    try {
      while (!closed.await(config.resyncPeriod().toMillis(), TimeUnit.MILLISECONDS)) {
        resync();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads discovery until it works (or the collector is closed) and starts the monitors. */
  private boolean discoverUntilDone() {
    while (true) {
      try {
        syncMonitors(discovery.discover());
        return true;
      } catch (RuntimeException e) {
        log.warn("discovery failed, retrying in 5s: {}", e.toString());
      }
      try {
        if (closed.await(5, TimeUnit.SECONDS)) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private void resync() {
    try {
      syncMonitors(discovery.discover());
    } catch (RuntimeException e) {
      log.warn("discovery failed, keeping the monitors: {}", e.toString());
    }
  }

  /** Watches every deletable resource found and stops watching those gone. */
  void syncMonitors(ApiResources found) {
    if (!found.failedGroups().isEmpty()) {
      log.warn("discovery failed for some groups, their resources are not collected: {}", found.failedGroups());
    }
    Set<ApiResource> wanted = new HashSet<>();
    for (ApiResource r : found.supporting("list", "watch", "delete")) {
      if (!config.ignoredResources().contains(r.groupResource())) {
        wanted.add(r);
      }
    }
    resources = found;
    synchronized (monitors) {
      for (ApiResource r : wanted) {
        if (!monitors.containsKey(r)) {
          SharedIndexInformer<GenericKubernetesResource> informer = informers.forResource(r);
          informer.addEventHandler(graphBuilder.handlerFor(r));
          monitors.put(r, informer);
          log.debug("monitoring resource={}", r);
        }
      }
      for (ApiResource r : List.copyOf(monitors.keySet())) {
        // Resources of groups that failed discovery stay watched: they may be back next time.
        if (!wanted.contains(r) && !found.failedGroups().containsKey(r.apiVersion())) {
          informers.remove(r);
          monitors.remove(r);
          log.info("stopped monitoring resource={}", r);
        }
      }
    }
  }

  /** The resources watched now. */
  public List<ApiResource> monitoredResources() {
    synchronized (monitors) {
      return List.copyOf(monitors.keySet());
    }
  }

  /** Objects in the graph, including owners known only from references. */
  public int graphSize() {
    return graph.size();
  }

  @Override
  public void close() {
    closed.countDown();
    deleter.close();
    orphaner.close();
    graphBuilder.stop();
    List<Thread> running;
    synchronized (threads) {
      running = List.copyOf(threads);
    }
    for (Thread t : running) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
