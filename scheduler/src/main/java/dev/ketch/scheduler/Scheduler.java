package dev.ketch.scheduler;

import dev.ketch.scheduler.config.ConfigurationLoader;
import dev.ketch.scheduler.config.Profile;
import dev.ketch.scheduler.config.SchedulerConfiguration;
import dev.ketch.scheduler.framework.Registry;
import dev.ketch.scheduler.internal.SchedulerRuntime;
import dev.ketch.scheduler.metrics.SchedulerMetrics;
import dev.ketch.scheduler.plugins.InTreePlugins;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The Ketch scheduler: watches pods without a node and nodes through informers, decides where each
 * pod runs with the plugins of its profile ({@code spec.schedulerName}), and binds it through
 * {@code pods/binding}, as kube-scheduler does. It talks to the cluster only through the API.
 *
 * <p>Owns one scheduling thread ({@code ketch-scheduler}), worker threads for filtering and
 * scoring ({@code ketch-scheduler-worker-*}), virtual threads for bindings, and the informers'
 * threads; {@link #close()} stops them all. A client passed in stays the caller's; one the
 * scheduler built from a kubeconfig is closed with it.
 */
public final class Scheduler implements AutoCloseable {

  private final SchedulerRuntime runtime;
  private final KubernetesClient ownedClient;

  private Scheduler(SchedulerRuntime runtime, KubernetesClient ownedClient) {
    this.runtime = runtime;
    this.ownedClient = ownedClient;
  }

  /**
   * Reads a KubeSchedulerConfiguration file against the in-tree plugins; null gives the defaults.
   *
   * @throws dev.ketch.scheduler.config.ConfigurationException naming the file and the field at fault
   */
  public static SchedulerConfiguration loadConfiguration(java.nio.file.Path file) {
    ConfigurationLoader loader = new ConfigurationLoader(InTreePlugins.registry());
    return file == null ? loader.defaults() : loader.load(file);
  }

  /**
   * Starts with a client of its own from {@code kubeconfig}, closed with the scheduler, as
   * {@code ketch server} and {@code ketch scheduler} run it.
   */
  public static Scheduler start(java.nio.file.Path kubeconfig, SchedulerConfiguration config) {
    KubernetesClient client = SchedulerClients.fromKubeconfig(kubeconfig);
    try {
      Options o = Options.defaults();
      return new Scheduler(SchedulerRuntime.start(client, config, o.registry(), o.clock(), o.random(), o.syncTimeout()), client);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * How to run: the plugins that exist, time, randomness, and how long to wait for the informers.
   *
   * @param registry the plugins profiles may enable
   * @param clock the time
   * @param random tie-breaking between equally good nodes, and preemption's first node
   * @param syncTimeout how long start-up waits for every informer to list its resource
   */
  public record Options(Registry registry, InstantSource clock, RandomGenerator random, Duration syncTimeout) {

    /** The in-tree plugins, the system clock, a random seed, one minute to sync. */
    public static Options defaults() {
      return new Options(InTreePlugins.registry(), InstantSource.system(), new SplittableRandom(), Duration.ofMinutes(1));
    }
  }

  /** Starts with the in-tree plugins; see {@link #start(KubernetesClient, SchedulerConfiguration, Options)}. */
  public static Scheduler start(KubernetesClient client, SchedulerConfiguration config) {
    return start(client, config, Options.defaults());
  }

  /**
   * Starts the informers, waits until they have synced, then starts scheduling.
   *
   * @throws IllegalArgumentException when a profile cannot be built from the registry
   * @throws IllegalStateException when the informers do not sync in time
   */
  public static Scheduler start(KubernetesClient client, SchedulerConfiguration config, Options options) {
    return new Scheduler(SchedulerRuntime.start(client, config, options.registry(), options.clock(), options.random(),
        options.syncTimeout()), null);
  }

  /** The scheduler names this scheduler serves. */
  public java.util.List<String> schedulerNames() {
    return runtime.configuration().profiles().stream().map(Profile::schedulerName).toList();
  }

  public SchedulerMetrics metrics() {
    return runtime.metrics();
  }

  /** Pods waiting: active, backing off, unschedulable, being scheduled or bound. */
  public dev.ketch.scheduler.queue.SchedulingQueue.Counts queueCounts() {
    return runtime.queueCounts();
  }

  /** Stops scheduling and every thread the scheduler started; bindings in flight are abandoned. */
  @Override
  public void close() {
    runtime.close();
    if (ownedClient != null) {
      ownedClient.close();
    }
  }
}
