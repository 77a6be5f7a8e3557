package dev.ketch.bench.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Samples how many pods were bound in each second, as scheduler_perf's throughput collector does;
 * owns one daemon thread while started.
 */
final class ThroughputSampler {

  private final IntSupplier bound;
  private final List<Double> samples = new ArrayList<>();
  private volatile boolean running;
  private Thread thread;

  ThroughputSampler(IntSupplier bound) {
    this.bound = bound;
  }

  void start() {
    running = true;
    thread = Thread.ofPlatform().daemon().name("throughput-sampler").start(() -> {
      int last = bound.getAsInt();
      long lastTime = System.nanoTime();
      while (running) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        int now = bound.getAsInt();
        long t = System.nanoTime();
        synchronized (samples) {
          samples.add((now - last) / ((t - lastTime) / 1e9));
        }
        last = now;
        lastTime = t;
      }
    });
  }

  void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
  }

  /** The samples, sorted. */
  double[] samples() {
    synchronized (samples) {
      return samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
  }
}
