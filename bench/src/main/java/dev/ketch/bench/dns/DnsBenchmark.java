package dev.ketch.bench.dns;

import dev.ketch.dns.cluster.ClusterRecords;
import dev.ketch.dns.cluster.ClusterResolver;
import dev.ketch.dns.message.DnsCodec;
import dev.ketch.dns.message.DnsMessage;
import dev.ketch.dns.message.RecordType;
import dev.ketch.dns.server.ClientFilter;
import dev.ketch.dns.server.DnsServer;
import dev.ketch.dns.server.Forwarder;
import dev.ketch.dns.server.QueryHandler;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cluster DNS throughput and latency over UDP on loopback: the server as {@code ketch server} runs
 * it (Netty, a virtual thread per query, records in memory as the informers fill them) holding S
 * Services; C clients each send a query for a random Service's A record and wait for the answer
 * (closed loop) for D seconds after a warm-up. Prints queries/s and latency percentiles.
 * Arguments: [services] [clients] [seconds].
 */
public final class DnsBenchmark {

  private DnsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    ClusterRecords records = new ClusterRecords();
    for (int s = 0; s < services; s++) {
      String ip = "10.43." + (s / 250) + "." + (s % 250 + 2);
      records.put(new ServiceBuilder().withNewMetadata().withNamespace("bench").withName("svc-" + s).endMetadata()
          .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip)
          .addNewPort().withName("http").withPort(80).endPort().endSpec().build());
    }
    QueryHandler handler = new QueryHandler(new ClusterResolver("cluster.local", records), new Forwarder(List.of(), Duration.ofSeconds(1)));
    try (DnsServer server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), handler, ClientFilter.anyone())) {
      System.out.printf("cluster DNS over UDP on loopback: %d Services, %d closed-loop clients, %d s (after a 3 s warm-up)%n",
          services, clients, seconds);
      run(server.address(), services, clients, 3);
      Result r = run(server.address(), services, clients, seconds);
      long[] sorted = r.latencies();
      System.out.printf("queries/s %,.0f   latency p50 %.3f ms   p90 %.3f ms   p99 %.3f ms   max %.3f ms   timeouts %d%n",
          sorted.length / (double) seconds, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
          sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, r.timeouts());
    }
  }

  private record Result(long[] latencies, long timeouts) {}

  private static Result run(InetSocketAddress server, int services, int clients, int seconds) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<long[]> perClient = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    AtomicLong timeouts = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long[] samples = new long[4_000_000 / clients];
      int[] count = new int[1];
      perClient.add(samples);
      counts.add(count);
      threads.add(Thread.ofPlatform().start(() -> {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
          socket.setSoTimeout(1_000);
          byte[] buffer = new byte[512];
          int id = 0;
          while (System.nanoTime() < end && count[0] < samples.length) {
            String name = "svc-" + ThreadLocalRandom.current().nextInt(services) + ".bench.svc.cluster.local";
            byte[] query = DnsCodec.encode(DnsMessage.query(id = (id + 1) & 0xffff, name, RecordType.A));
            long t0 = System.nanoTime();
            socket.send(new DatagramPacket(query, query.length, server));
            try {
              socket.receive(new DatagramPacket(buffer, buffer.length));
              samples[count[0]++] = System.nanoTime() - t0;
            } catch (SocketTimeoutException e) {
              timeouts.incrementAndGet();
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    int total = counts.stream().mapToInt(c -> c[0]).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(perClient.get(c), 0, all, at, counts.get(c)[0]);
      at += counts.get(c)[0];
    }
    Arrays.sort(all);
    return new Result(all, timeouts.get());
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1))] / 1e6;
  }
}
