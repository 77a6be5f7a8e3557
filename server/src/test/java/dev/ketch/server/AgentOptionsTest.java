package dev.ketch.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine agent's options are checked before anything starts, naming the option at fault. */
class AgentOptionsTest {

  @TempDir Path dir;

  private String refused(String... extra) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      String[] base = {"server", "--data-dir", dir.resolve("data").toString(), "--etcd-listen", "off",
          "--https-listen", "127.0.0.1:0"};
      String[] args = Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new);
      assertThat(Main.run(args)).isEqualTo(2);
      return err.toString(StandardCharsets.UTF_8);
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void anUnknownRuntimeIsRefused() {
    assertThat(refused("--runtime", "docker")).contains("ketch: --runtime must be auto, containerd or process, not docker");
  }

  @Test
  void aPodRangeThatIsNotAnIpv4CidrIsRefused() {
    assertThat(refused("--pod-cidr", "10.42.0.0")).contains("ketch: --pod-cidr: not an IPv4 CIDR: 10.42.0.0");
    assertThat(refused("--pod-cidr", "10.42.0.0/31")).contains("--pod-cidr: not a usable IPv4 pod range (/8 to /30)");
  }
}
