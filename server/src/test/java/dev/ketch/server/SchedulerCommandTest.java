package dev.ketch.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A malformed scheduler configuration is refused at start-up, naming the field at fault. */
class SchedulerCommandTest {

  @TempDir Path dir;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  private Path badConfig() throws Exception {
    Path config = dir.resolve("scheduler.yaml");
    Files.writeString(config, """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        profiles:
        - plugins:
            score:
              enabled:
              - name: NodeResourcesFit
                weight: 500
        """);
    return config;
  }

  @Test
  void theSchedulerCommandRefusesABadConfiguration() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    Run r = run("scheduler", "--kubeconfig", kubeconfig.toString(), "--config", badConfig().toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ketch: invalid scheduler configuration " + dir.resolve("scheduler.yaml")
        + ": profiles[0].plugins.score.enabled[0].weight: must be between 1 and 100, got 500");
  }

  @Test
  void theServerRefusesABadSchedulerConfigurationBeforeStarting() throws Exception {
    Run r = run("server", "--data-dir", dir.resolve("data").toString(), "--etcd-listen", "off", "--https-listen", "127.0.0.1:0",
        "--scheduler-config", badConfig().toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("profiles[0].plugins.score.enabled[0].weight: must be between 1 and 100, got 500");
    assertThat(dir.resolve("data").resolve("store")).doesNotExist();
  }

  @Test
  void theSchedulerNeedsAKubeconfig() {
    Run r = run("scheduler", "--kubeconfig", dir.resolve("missing").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--kubeconfig " + dir.resolve("missing") + " cannot be read");
  }
}
