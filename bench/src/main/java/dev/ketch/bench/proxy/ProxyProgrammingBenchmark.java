package dev.ketch.bench.proxy;

import dev.ketch.proxy.ProxyBackend;
import dev.ketch.proxy.iptables.CommandRunner;
import dev.ketch.proxy.iptables.IptablesBackend;
import dev.ketch.proxy.iptables.Ruleset;
import dev.ketch.proxy.iptables.RulesetGenerator;
import dev.ketch.proxy.model.ModelBuilder;
import dev.ketch.proxy.model.ProxyModel;
import dev.ketch.proxy.nftables.NftablesBackend;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long the service proxy takes to program iptables for S Services × E endpoints: building the
 * model from API objects, generating the ruleset, and one {@code iptables-restore} of it into a
 * fresh network namespace (so the host's rules are untouched). Runs: the first programming of an
 * empty table (a full restore), a resync with nothing changed, and a sync after one endpoint of one
 * Service moved (both partial: only changed chains are written); then the same three with the
 * nftables backend, which replaces its whole table each time.
 * Needs root. Arguments: [services] [endpointsPerService] [repetitions].
 */
public final class ProxyProgrammingBenchmark {

  private ProxyProgrammingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String netns = "kbench-proxy-" + ProcessHandle.current().pid();
    run("ip", "netns", "add", netns);
    try {
      measure(netns, services, endpoints, repetitions);
    } finally {
      run("ip", "netns", "del", netns);
    }
  }

  private static void measure(String netns, int services, int endpoints, int repetitions) {
    List<Service> svcs = new ArrayList<>();
    List<EndpointSlice> slices = new ArrayList<>();
    for (int s = 0; s < services; s++) {
      svcs.add(service(s));
      slices.add(slice(s, endpoints, 0));
    }
    ModelBuilder builder = new ModelBuilder("node-0");
    RulesetGenerator generator = new RulesetGenerator("10.42.0.0/16");
    System.out.printf("proxy programming: %d Services x %d endpoints, iptables-restore into network namespace %s%n",
        services, endpoints, netns);
    for (int r = 0; r < repetitions; r++) {
      long t0 = System.nanoTime();
      ProxyModel model = builder.build(svcs, slices);
      long t1 = System.nanoTime();
      Ruleset ruleset = generator.generate(model);
      long t2 = System.nanoTime();
      if (r == 0) {
        System.out.printf("ruleset: %d rules, %d nat chains, %,d bytes in full%n", ruleset.ruleCount(), ruleset.natChains().size(),
            ruleset.text().length());
      }
      System.out.printf("build model %6.1f ms   generate %6.1f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
    try (IptablesBackend backend = new IptablesBackend(CommandRunner.inNetns(netns), "10.42.0.0/16")) {
      syncs("iptables sync (first: all chains new; then partial)", backend, builder, svcs, slices, endpoints, repetitions, 1);
    }
    try (NftablesBackend backend = new NftablesBackend(CommandRunner.inNetns(netns), "10.42.0.0/16")) {
      syncs("nftables sync (whole table replaced each time)", backend, builder, svcs, slices, endpoints, repetitions, 100);
    }
  }

  /** Times, per repetition, a first sync, an unchanged resync and a sync with one endpoint moved; then empties the table. */
  private static void syncs(String label, ProxyBackend backend, ModelBuilder builder, List<Service> svcs, List<EndpointSlice> slices,
      int endpoints, int repetitions, int shiftBase) {
    int services = svcs.size();
    for (int r = 0; r < repetitions; r++) {
      ProxyModel model = builder.build(svcs, slices);
      long t0 = System.nanoTime();
      backend.sync(model);
      long first = System.nanoTime() - t0;
      t0 = System.nanoTime();
      backend.sync(model);
      long unchanged = System.nanoTime() - t0;
      slices.set(r % services, slice(r % services, endpoints, r + shiftBase));
      ProxyModel moved = builder.build(svcs, slices);
      t0 = System.nanoTime();
      backend.sync(moved);
      long oneChange = System.nanoTime() - t0;
      System.out.printf("%s: first %7.1f ms   unchanged %7.1f ms   one endpoint moved %7.1f ms%n", label,
          first / 1e6, unchanged / 1e6, oneChange / 1e6);
      backend.sync(ProxyModel.empty());
    }
  }

  private static Service service(int s) {
    return new ServiceBuilder().withNewMetadata().withNamespace("bench").withName("svc-" + s).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(ip(43, s)).withClusterIPs(ip(43, s))
        .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSpec().build();
  }

  private static EndpointSlice slice(int s, int endpoints, int shift) {
    var b = new EndpointSliceBuilder().withNewMetadata().withNamespace("bench").withName("svc-" + s + "-a")
        .addToLabels("kubernetes.io/service-name", "svc-" + s).endMetadata().withAddressType("IPv4")
        .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort();
    for (int e = 0; e < endpoints; e++) {
      b.addToEndpoints(new EndpointBuilder().withAddresses(ip(42, s * endpoints + e + shift)).withNodeName("node-0")
          .withNewConditions().withReady(true).endConditions().build());
    }
    return b.build();
  }

  private static String ip(int second, int n) {
    return "10." + second + "." + (n / 250) + "." + (n % 250 + 2);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException(Arrays.toString(command) + " failed");
    }
  }
}
