package dev.ketch.scheduler.internal;

import dev.ketch.scheduler.cache.SchedulerCache;
import dev.ketch.scheduler.config.Profile;
import dev.ketch.scheduler.config.SchedulerConfiguration;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.Framework;
import dev.ketch.scheduler.framework.Parallelizer;
import dev.ketch.scheduler.framework.Registry;
import dev.ketch.scheduler.framework.Services;
import dev.ketch.scheduler.metrics.SchedulerMetrics;
import dev.ketch.scheduler.queue.Nominator;
import dev.ketch.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's parts wired together and running: informers feeding the cache and the queue,
 * one framework per profile, the scheduling thread, the binding threads. Owns every thread it
 * starts; {@link #close()} stops them.
 */
public final class SchedulerRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchedulerRuntime.class);

  private final SchedulerConfiguration configuration;
  private final ClusterInformers informers;
  private final SchedulingQueue queue;
  private final Parallelizer parallelizer;
  private final ExecutorService binders;
  private final SchedulerMetrics metrics = new SchedulerMetrics();
  private final EventRecorder events;
  private Thread thread;

  private SchedulerRuntime(SchedulerConfiguration configuration, ClusterInformers informers, SchedulingQueue queue,
      Parallelizer parallelizer, ExecutorService binders, EventRecorder events) {
    this.configuration = configuration;
    this.informers = informers;
    this.queue = queue;
    this.parallelizer = parallelizer;
    this.binders = binders;
    this.events = events;
  }

  /** Builds everything, waits for the informers to sync, and starts the scheduling thread. */
  public static SchedulerRuntime start(KubernetesClient client, SchedulerConfiguration config, Registry registry, InstantSource clock,
      RandomGenerator random, Duration syncTimeout) {
    ClusterInformers informers = new ClusterInformers(client);
    ApiCalls api = new ApiCalls(client, clock);
    EventRecorder events = new EventRecorder(api, hostname(), 512);
    // More filter threads than cores only adds contention.
    Parallelizer parallelizer = new Parallelizer(Math.max(1, Math.min(config.parallelism(), Runtime.getRuntime().availableProcessors())));
    Nominator nominator = new Nominator();
    Services services = new Services(informers, api, events, nominator, parallelizer, clock, random);
    Map<String, Framework> profiles = new LinkedHashMap<>();
    Map<String, Map<String, List<ClusterEventWithHint>>> registrations = new LinkedHashMap<>();
    for (Profile p : config.profiles()) {
      Framework fw = new Framework(p, registry, services);
      profiles.put(p.schedulerName(), fw);
      registrations.put(p.schedulerName(), fw.eventsToRegister());
    }
    Framework first = profiles.values().iterator().next();
    SchedulingQueue queue = new SchedulingQueue(first::less, clock, config.podInitialBackoff(), config.podMaxBackoff(),
        config.podMaxInUnschedulablePodsDuration(), registrations, nominator);
    SchedulerCache cache = new SchedulerCache();
    new EventHandlers(cache, queue, profiles).register(informers);
    ExecutorService binders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ketch-scheduler-bind-", 0).factory());
    SchedulerRuntime runtime = new SchedulerRuntime(config, informers, queue, parallelizer, binders, events);
    try {
      informers.start(syncTimeout);
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
    StatusWriter status = (pod, reason, message, nominated) -> api.patchUnschedulable(pod, reason, message, nominated)
        .whenComplete((r, e) -> {
          if (e != null || (!r.ok() && r.code() != 404)) {
            log.warn("updating pod status failed pod={} error={}", pod.key(), e != null ? e.toString() : ApiCalls.message(r));
          }
        });
    FailureHandler failures = new FailureHandler(queue, nominator, informers, events, status);
    PodScheduler algorithm = new PodScheduler(config.percentageOfNodesToScore(), parallelizer, random);
    SchedulingLoop loop = new SchedulingLoop(queue, cache, profiles, algorithm, failures, nominator, binders, runtime.metrics, clock);
    runtime.thread = Thread.ofPlatform().name("ketch-scheduler").start(() -> run(loop));
    log.info("scheduler started profiles={} parallelism={}", profiles.keySet(), parallelizer.parallelism());
    return runtime;
  }

  private static void run(SchedulingLoop loop) {
    try {
      while (loop.scheduleOne()) {
        // Each iteration schedules one pod.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "ketch";
    }
  }

  public SchedulerConfiguration configuration() {
    return configuration;
  }

  public SchedulerMetrics metrics() {
    return metrics;
  }

  public SchedulingQueue.Counts queueCounts() {
    return queue.counts();
  }

  /** Events dropped because too many were in flight. */
  public long droppedEvents() {
    return events.dropped();
  }

  @Override
  public void close() {
    queue.close();
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    informers.close();
    binders.shutdownNow();
    parallelizer.close();
    log.info("scheduler stopped");
  }
}
