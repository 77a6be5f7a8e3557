package dev.ketch.server;

import dev.ketch.scheduler.Scheduler;
import dev.ketch.scheduler.config.SchedulerConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code ketch scheduler}: runs the scheduler on its own, against an API server elsewhere. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = "Run the scheduler alone, as a client of an API server (for a split control plane).")
final class SchedulerCommand implements Callable<Integer> {

  @Option(names = "--kubeconfig", required = true, description = "The kubeconfig of the API server to schedule for.")
  Path kubeconfig;

  @Option(names = "--config", description = "A KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1); default: upstream's defaults.")
  Path config;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(kubeconfig)) {
      throw new IllegalArgumentException("--kubeconfig " + kubeconfig + " cannot be read");
    }
    SchedulerConfiguration configuration = Scheduler.loadConfiguration(config);
    CountDownLatch stopRequested = new CountDownLatch(1);
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> stopRequested.countDown());
    }
    try (Scheduler scheduler = Scheduler.start(kubeconfig, configuration)) {
      Thread hook = Thread.ofPlatform().name("ketch-shutdown").unstarted(scheduler::close);
      Runtime.getRuntime().addShutdownHook(hook);
      System.out.println("Ketch scheduler is running: " + String.join(", ", scheduler.schedulerNames()) + ". Stop it with Ctrl-C.");
      System.out.flush();
      stopRequested.await();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return 0;
  }
}
