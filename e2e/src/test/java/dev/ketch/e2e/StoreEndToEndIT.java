package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.testing.etcd.EtcdProcess;
import dev.ketch.testing.launcher.Command;
import dev.ketch.testing.launcher.KetchProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bin/ketch server` and its store, driven with the stock etcdctl. */
class StoreEndToEndIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration CLIENT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void etcdctlWorksAgainstTheServersEmbeddedStore() throws Exception {
    int port = KetchProcess.freePort();
    try (KetchProcess ketch = start(port)) {
      assertThat(ketch.output()).contains("etcd v3 API:    http://127.0.0.1:" + port);
      etcdctl(port, "put", "key1", "value1");
      assertThat(etcdctl(port, "get", "key1").stdout()).isEqualTo("key1\nvalue1\n");
      etcdctl(port, "put", "/e2e/items/web", "{}");
      etcdctl(port, "put", "/e2e/items/db", "{}");
      assertThat(etcdctl(port, "get", "/e2e/", "--prefix", "--keys-only").stdout())
          .isEqualTo("/e2e/items/db\n\n/e2e/items/web\n\n");
      // The API server keeps cluster state in the same store, under /registry.
      assertThat(etcdctl(port, "get", "/registry/namespaces/", "--prefix", "--keys-only").stdout())
          .contains("/registry/namespaces/default");
      assertThat(etcdctl(port, "del", "key1").stdout()).isEqualTo("1\n");
      assertThat(etcdctl(port, "get", "key1").stdout()).isEmpty();
      assertThat(etcdctl(port, "endpoint", "status", "-w", "json").stdout()).contains("\"leader\"").contains("\"revision\"");
    }
  }

  @Test
  void etcdctlWatchSeesChangesAsTheyHappen() throws Exception {
    int port = KetchProcess.freePort();
    try (KetchProcess ketch = start(port)) {
      Path out = tmp.resolve("watch.out");
      ProcessBuilder pb =
          new ProcessBuilder("etcdctl", "--endpoints=http://127.0.0.1:" + port, "watch", "/w/", "--prefix")
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      pb.environment().put("ETCDCTL_API", "3");
      Process watch = pb.start();
      try {
        // The watch must be established before the writes; retry the first write until seen.
        await().atMost(CLIENT).pollInterval(Duration.ofMillis(300)).until(() -> {
          etcdctl(port, "put", "/w/a", "1");
          return read(out).contains("/w/a");
        });
        etcdctl(port, "put", "/w/b", "2");
        etcdctl(port, "del", "/w/a");
        await().atMost(CLIENT).until(() -> read(out).contains("DELETE\n/w/a"));
        assertThat(read(out)).contains("PUT\n/w/b\n2");
      } finally {
        watch.destroyForcibly();
      }
    }
  }

  @Test
  void stateSurvivesRestartsAndSigkill() {
    int port = KetchProcess.freePort();
    try (KetchProcess ketch = start(port)) {
      etcdctl(port, "put", "persisted", "before-restart");
      assertThat(ketch.stop()).isZero();
    }
    try (KetchProcess ketch = start(port)) {
      assertThat(etcdctl(port, "get", "persisted").stdout()).isEqualTo("persisted\nbefore-restart\n");
      etcdctl(port, "put", "acknowledged", "before-kill");
      ketch.kill();
    }
    try (KetchProcess ketch = start(port)) {
      assertThat(etcdctl(port, "get", "acknowledged").stdout()).isEqualTo("acknowledged\nbefore-kill\n");
    }
  }

  @Test
  void serverRunsOnARealEtcdCluster() {
    try (EtcdProcess etcd = EtcdProcess.start();
        KetchProcess ketch =
            KetchProcess.start(
                tmp.resolve("logs"), START,
                "server", "--disable-agent", "--data-dir", tmp.resolve("data-etcd").toString(),
                "--https-listen", "127.0.0.1:" + KetchProcess.freePort(),
                "--store", "etcd", "--etcd-endpoints", etcd.endpoint())) {
      assertThat(ketch.output()).contains("store:          etcd at " + etcd.endpoint());
      // The API server's objects land in the real etcd.
      assertThat(Command.run(CLIENT, Map.of("ETCDCTL_API", "3"), null,
              List.of("etcdctl", "--endpoints=" + etcd.endpoint(), "get", "/registry/namespaces/", "--prefix", "--keys-only"))
          .requireSuccess().stdout()).contains("/registry/namespaces/kube-system");
      // No embedded store, so no etcd API of its own.
      assertThat(ketch.output()).doesNotContain("etcd v3 API:");
    }
  }

  @Test
  void badOptionsAreRefusedWithAMessageNotAStackTrace() {
    Command.Result r =
        Command.run(CLIENT, Map.of("KETCH_SKIP_BUILD", "1"), null,
            List.of(KetchProcess.root().resolve("bin/ketch").toString(), "server", "--store", "etcd"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("ketch: --store etcd needs --etcd-endpoints").doesNotContain("Exception");
  }

  private final int httpsPort = KetchProcess.freePort();

  private KetchProcess start(int etcdPort) {
    return KetchProcess.start(
        tmp.resolve("logs"), START,
        "server", "--disable-agent", "--data-dir", tmp.resolve("data").toString(), "--etcd-listen", "127.0.0.1:" + etcdPort,
        "--https-listen", "127.0.0.1:" + httpsPort);
  }

  private static Command.Result etcdctl(int port, String... args) {
    List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints=http://127.0.0.1:" + port));
    command.addAll(List.of(args));
    return Command.run(CLIENT, Map.of("ETCDCTL_API", "3"), null, command).requireSuccess();
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
