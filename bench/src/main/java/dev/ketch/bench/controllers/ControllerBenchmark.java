package dev.ketch.bench.controllers;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.bench.scheduler.ApiRequestCounts;
import dev.ketch.controllers.manager.KubeClients;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.embedded.EmbeddedStore;
import dev.ketch.testing.kubelet.FakeKubelet;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long the controllers take to bring a Deployment of many replicas over many nodes to
 * all-available, and the CPU they spend on it. The API server and store run in this JVM, with a
 * fake kubelet that binds pods round robin to the nodes and writes their status Running and Ready
 * (what a scheduler and kubelets would do); the controller manager runs as its own process
 * ({@code bin/ketch controller-manager}), so its CPU time is read from /proc alone. Phases:
 * create the nodes, then a Deployment (and a Service selecting it) is created and the clock runs
 * until its status says every replica is available; optionally a rolling update of all of them
 * is timed the same way. Run with {@code bench/run-controller-benchmark}.
 */
@Command(name = "controller-benchmark", mixinStandardHelpOptions = true)
public final class ControllerBenchmark implements Callable<Integer> {

  @Option(names = "--nodes", defaultValue = "1000", description = "Nodes. Default: ${DEFAULT-VALUE}.")
  int nodes;

  @Option(names = "--replicas", defaultValue = "30000", description = "Replicas of the Deployment. Default: ${DEFAULT-VALUE}.")
  int replicas;

  @Option(names = "--store", defaultValue = "disk",
      description = "disk (RocksDB in a temporary directory, fsync) or memory. Default: ${DEFAULT-VALUE}.")
  String store;

  @Option(names = "--kubelet-concurrency", defaultValue = "64", description = "Fake kubelet requests in flight. Default: ${DEFAULT-VALUE}.")
  int kubeletConcurrency;

  @Option(names = "--service", defaultValue = "true", arity = "1", description = "Also a Service selecting the pods. Default: ${DEFAULT-VALUE}.")
  boolean service;

  @Option(names = "--rollout", defaultValue = "false", arity = "1",
      description = "Then time a rolling update of every replica (25% surge and unavailability). Default: ${DEFAULT-VALUE}.")
  boolean rollout;

  @Option(names = "--manager-heap", defaultValue = "3g", description = "-Xmx of the controller manager. Default: ${DEFAULT-VALUE}.")
  String managerHeap;

  @Option(names = "--manager-java-opts", defaultValue = "", description = "More JVM options of the controller manager (e.g. a flight recording).")
  String managerJavaOpts;

  @Option(names = "--manager-args", split = " ", description = "More arguments of ketch controller-manager, e.g. a batch period.")
  List<String> managerArgs = new ArrayList<>();

  @Option(names = "--timeout", defaultValue = "60", description = "Minutes to wait for each phase. Default: ${DEFAULT-VALUE}.")
  int timeoutMinutes;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ControllerBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path root = Path.of(System.getProperty("ketch.root", "."));
    Path dir = Files.createTempDirectory("ketch-ctrl-bench");
    printConditions();
    KeyValueStore kv = store.equals("memory") ? EmbeddedStore.inMemory() : EmbeddedStore.open(dir.resolve("store"));
    try (ApiServer api = ApiServer.start(kv, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
        KubernetesClient client = KubeClients.fromKubeconfig(api.kubeconfigFiles().getFirst())) {
      FakeKubelet.Config kubeletConfig = FakeKubelet.Config.nodes(nodes).withConcurrency(kubeletConcurrency);
      long t = System.nanoTime();
      try (FakeKubelet kubelet = FakeKubelet.start(client, kubeletConfig)) {
        kubelet.createNodes();
        System.out.printf("nodes: %d created in %.1f s%n", nodes, (System.nanoTime() - t) / 1e9);
        try (ManagerProcess manager = ManagerProcess.start(root, api.kubeconfigFiles().getFirst(), ("-Xmx" + managerHeap + " " + managerJavaOpts).trim(),
            managerArgs, dir.resolve("manager.log"))) {
          manager.awaitLeading(client, Duration.ofMinutes(2));
          System.out.printf("controller manager: pid %d leading; log %s%n", manager.pid(), dir.resolve("manager.log"));
          String ns = "bench";
          client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
          if (service) {
            client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                .addToSelector("app", "web").addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build()).create();
          }
          Phase scaleUp = new Phase("scale 0 → " + replicas, client, manager, kubelet);
          client.apps().deployments().inNamespace(ns).resource(deployment()).create();
          scaleUp.awaitAvailable(ns, "web", replicas, Duration.ofMinutes(timeoutMinutes));
          scaleUp.print();
          if (service) {
            printEndpoints(client, ns);
            awaitSlices(client, ns, replicas, scaleUp);
          }
          if (rollout) {
            Phase update = new Phase("rolling update of " + replicas, client, manager, kubelet);
            client.apps().deployments().inNamespace(ns).withName("web").edit(d -> new DeploymentBuilder(d).editSpec().editTemplate()
                .editSpec().editFirstContainer().withImage("registry.example/web:2").endContainer().endSpec().endTemplate().endSpec()
                .build());
            update.awaitAvailable(ns, "web", replicas, Duration.ofMinutes(timeoutMinutes));
            update.print();
          }
        }
      }
    }
    return 0;
  }

  private Deployment deployment() {
    return new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:1").addNewPort().withName("http")
        .withContainerPort(8080).endPort().endContainer().endSpec().endTemplate().endSpec().build();
  }

  /** Waits until the Service's slices list every pod as ready, and says how long after the Deployment that was. */
  private void awaitSlices(KubernetesClient client, String ns, int replicas, Phase phase) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
    while (System.nanoTime() < deadline) {
      long ready = client.discovery().v1().endpointSlices().inNamespace(ns).withLabel("kubernetes.io/service-name", "web").list()
          .getItems().stream().flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.empty() : s.getEndpoints().stream())
          .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady())).count();
      if (ready == replicas) {
        System.out.printf("EndpointSlices list all %d pods ready %.1f s after the start of the phase%n", replicas, phase.elapsedSeconds());
        printEndpoints(client, ns);
        return;
      }
      Thread.sleep(500);
    }
    System.out.println("EndpointSlices did not catch up within the timeout");
  }

  private static void printEndpoints(KubernetesClient client, String ns) {
    var slices = client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems();
    long endpoints = slices.stream().mapToLong(s -> s.getEndpoints() == null ? 0 : s.getEndpoints().size()).sum();
    var ep = client.endpoints().inNamespace(ns).withName("web").get();
    int addresses = ep == null || ep.getSubsets() == null ? 0 : ep.getSubsets().stream()
        .mapToInt(s -> (s.getAddresses() == null ? 0 : s.getAddresses().size())).sum();
    System.out.printf("service: %d EndpointSlices holding %d endpoints; Endpoints object %d addresses%s%n", slices.size(), endpoints,
        addresses, ep != null && ep.getMetadata().getAnnotations() != null
            && ep.getMetadata().getAnnotations().containsKey("endpoints.kubernetes.io/over-capacity") ? " (over-capacity: truncated)" : "");
  }

  private void printConditions() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    System.out.printf("conditions: %d nodes, %d replicas, store %s, fake kubelet concurrency %d, service %s, manager args %s; "
        + "%d CPUs, load %.2f, JDK %s%n", nodes, replicas, store, kubeletConcurrency, service, managerArgs, os.getAvailableProcessors(),
        os.getSystemLoadAverage(), System.getProperty("java.version"));
  }

  /** One measured phase: wall time until all-available, CPU of the manager and of this JVM, API calls. */
  private static final class Phase {
    private final String name;
    private final KubernetesClient client;
    private final ManagerProcess manager;
    private final FakeKubelet kubelet;
    private final long start = System.nanoTime();
    private final double managerCpu0;
    private final double benchCpu0;
    private final Map<String, Double> requests0;
    private final double load0;
    private final List<String> samples = new ArrayList<>();
    private double seconds;
    private Map<String, Double> requests;

    Phase(String name, KubernetesClient client, ManagerProcess manager, FakeKubelet kubelet) throws Exception {
      this.name = name;
      this.client = client;
      this.manager = manager;
      this.kubelet = kubelet;
      this.managerCpu0 = manager.cpuSeconds();
      this.benchCpu0 = benchCpuSeconds();
      this.requests0 = ApiRequestCounts.read(client);
      this.load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    void awaitAvailable(String ns, String name, int replicas, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      long nextSample = System.nanoTime();
      while (true) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        var s = d.getStatus();
        int available = s == null || s.getAvailableReplicas() == null ? 0 : s.getAvailableReplicas();
        int updated = s == null || s.getUpdatedReplicas() == null ? 0 : s.getUpdatedReplicas();
        int total = s == null || s.getReplicas() == null ? 0 : s.getReplicas();
        boolean observed = s != null && d.getMetadata().getGeneration().equals(s.getObservedGeneration());
        if (System.nanoTime() >= nextSample) {
          samples.add(String.format("  t=%5.1fs available=%d updated=%d replicas=%d manager CPU %.1fs", (System.nanoTime() - start) / 1e9,
              available, updated, total, manager.cpuSeconds() - managerCpu0));
          System.out.println(samples.getLast());
          nextSample += 10_000_000_000L;
        }
        if (observed && available == replicas && updated == replicas && total == replicas) {
          seconds = (System.nanoTime() - start) / 1e9;
          requests = ApiRequestCounts.delta(requests0, ApiRequestCounts.read(client));
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + ": not all available after " + timeout + ": " + s);
        }
        Thread.sleep(200);
      }
    }

    double elapsedSeconds() {
      return (System.nanoTime() - start) / 1e9;
    }

    void print() throws Exception {
      double managerCpu = manager.cpuSeconds() - managerCpu0;
      double benchCpu = benchCpuSeconds() - benchCpu0;
      System.out.printf("%n== %s: all available after %.1f s%n", name, seconds);
      System.out.printf("controller manager CPU: %.1f s (%.2f cores on average), peak RSS %d MiB%n", managerCpu, managerCpu / seconds,
          manager.peakRssMiB());
      System.out.printf("API server + store + fake kubelet JVM CPU: %.1f s (%.2f cores)%n", benchCpu, benchCpu / seconds);
      System.out.printf("load average %.2f → %.2f; fake kubelet writes so far %d%n", load0,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), kubelet.writes());
      System.out.println("API requests in the phase (all clients):");
      requests.forEach((k, v) -> System.out.printf("  %-40s %8.0f%n", k, v));
    }

    private static double benchCpuSeconds() {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
  }
}
