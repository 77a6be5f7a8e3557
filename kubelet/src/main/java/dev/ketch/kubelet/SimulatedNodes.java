package dev.ketch.kubelet;

import dev.ketch.kubelet.pod.PodInformer;
import dev.ketch.kubelet.runtime.simulated.SimulatedRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N simulated nodes in one process, as KWOK runs them: kubelets named {@code sim-0} … {@code
 * sim-N-1}, each on its own {@link SimulatedRuntime} (its pods' state), all sharing one API
 * client, one pod informer ({@code spec.nodeName!=}), one timer thread, one virtual-thread
 * executor and one event poster.
 *
 * <p>Thread-safe after start. Threads: those of {@link KubeletServices} and the informer's.
 * {@link #close()} stops the kubelets, the informer and the services; the client is the caller's.
 */
public final class SimulatedNodes implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedNodes.class);
  private static final int PARALLEL_STARTS = 16;

  private final KubeletServices services;
  private final PodInformer informer;
  private final List<Kubelet> kubelets;
  private final List<SimulatedRuntime> runtimes;

  private SimulatedNodes(KubeletServices services, PodInformer informer, List<Kubelet> kubelets, List<SimulatedRuntime> runtimes) {
    this.services = services;
    this.informer = informer;
    this.kubelets = kubelets;
    this.runtimes = runtimes;
  }

  /** Starts {@code count} simulated nodes with the default configuration. */
  public static SimulatedNodes start(KubeletServices services, int count) {
    return start(services, count, KubeletConfig::simulated);
  }

  /**
   * Starts {@code count} simulated nodes; {@code configs} gives node {@code i}'s configuration.
   * Nodes register {@value #PARALLEL_STARTS} at a time; returns once every one has tried.
   */
  public static SimulatedNodes start(KubeletServices services, int count, IntFunction<KubeletConfig> configs) {
    long began = System.nanoTime();
    PodInformer informer = PodInformer.forAllNodes(services.client()).start();
    List<SimulatedRuntime> runtimes = new ArrayList<>(count);
    List<Future<Kubelet>> starting = new ArrayList<>(count);
    Semaphore slots = new Semaphore(PARALLEL_STARTS);
    for (int i = 0; i < count; i++) {
      KubeletConfig config = configs.apply(i);
      SimulatedRuntime runtime = new SimulatedRuntime(services.clock(), config.podCidr());
      runtimes.add(runtime);
      starting.add(services.workers().submit(() -> {
        slots.acquire();
        try {
          return Kubelet.start(services, config, NodeRuntime.simulated(runtime), informer);
        } finally {
          slots.release();
        }
      }));
    }
    List<Kubelet> kubelets = new ArrayList<>(count);
    RuntimeException failure = null;
    for (Future<Kubelet> f : starting) {
      try {
        kubelets.add(f.get());
      } catch (ExecutionException e) {
        failure = failure != null ? failure : new IllegalStateException("a simulated node failed to start", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure != null ? failure : new IllegalStateException("interrupted while starting simulated nodes", e);
      }
    }
    if (failure != null) {
      kubelets.forEach(Kubelet::close);
      informer.close();
      throw failure;
    }
    log.info("simulated nodes started count={} tookMs={}", count, (System.nanoTime() - began) / 1_000_000);
    return new SimulatedNodes(services, informer, Collections.unmodifiableList(kubelets), Collections.unmodifiableList(runtimes));
  }

  public List<Kubelet> kubelets() {
    return kubelets;
  }

  /** Node {@code i}'s runtime, e.g. to restart its kubelet over the same containers. */
  public SimulatedRuntime runtime(int i) {
    return runtimes.get(i);
  }

  public int size() {
    return kubelets.size();
  }

  @Override
  public void close() {
    kubelets.forEach(Kubelet::close);
    informer.close();
    services.close();
  }
}
