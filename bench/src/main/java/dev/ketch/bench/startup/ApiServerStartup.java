package dev.ketch.bench.startup;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.store.embedded.EmbeddedStore;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up time and heap of an API server over an in-memory store, the first in a JVM and the
 * ones after it: the part of an in-process cluster's cold start that the API server owns.
 * Run with {@code bench/run-api-startup}.
 */
public final class ApiServerStartup {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.printf("# JVM up %d ms before the first start; %d cores%n",
        System.currentTimeMillis() - jvmStart, Runtime.getRuntime().availableProcessors());
    for (int i = 0; i < rounds; i++) {
      Path dir = Files.createTempDirectory("api-startup");
      long t0 = System.nanoTime();
      EmbeddedStore store = EmbeddedStore.inMemory();
      long t1 = System.nanoTime();
      ApiServer server = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
      long t2 = System.nanoTime();
      System.gc();
      Runtime rt = Runtime.getRuntime();
      long heap = rt.totalMemory() - rt.freeMemory();
      System.out.printf("start %d: store %.0f ms, api server %.0f ms %s, total %.0f ms; heap after GC %.1f MB%n",
          i + 1, (t1 - t0) / 1e6, (t2 - t1) / 1e6, server.startupPhases(), (t2 - t0) / 1e6, heap / 1e6);
      server.close();
      store.close();
    }
  }
}
