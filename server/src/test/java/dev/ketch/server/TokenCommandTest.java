package dev.ketch.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.pki.ClusterCredentials;
import dev.ketch.pki.JoinToken;
import dev.ketch.pki.JoinTokenFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ketch token` and `ketch token create` over a server's data directory, and the agent's option checks. */
class TokenCommandTest {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.run(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  @Test
  void withoutATokenFileItSaysTheServerCreatesOne() {
    Run r = run("token", "--data-dir", dir.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ketch: no join token in " + dir.resolve("token"))
        .contains("the server creates one at its first start");
  }

  @Test
  void createAddsATokenForTheClusterCaAndTheFirstIsPrinted() {
    ClusterCredentials credentials = ClusterCredentials.open(dir.resolve("tls"), Clock.systemUTC());

    Run created = run("token", "create", "--data-dir", dir.toString());
    Run again = run("token", "create", "--data-dir", dir.toString());
    Run printed = run("token", "--data-dir", dir.toString());

    assertThat(created.code()).isZero();
    JoinToken first = JoinToken.parse(created.out().trim());
    assertThat(first.caHash()).isEqualTo(credentials.ca().hash());
    assertThat(JoinTokenFile.at(dir.resolve("token")).all()).extracting(JoinToken::text)
        .containsExactly(created.out().trim(), again.out().trim());
    assertThat(printed.out().trim()).isEqualTo(first.text());
  }

  @Test
  void createWithoutAClusterCaIsRefused() {
    Run r = run("token", "create", "--data-dir", dir.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ketch: no cluster CA at " + dir.resolve("tls/ca.crt") + "; start the server once first");
  }

  @Test
  void anAgentRefusesAMalformedTokenAndAnUnknownRuntimeBeforeContactingAnyone() {
    Run malformed = run("agent", "--server", "https://127.0.0.1:1", "--token", "K10abc::x.y", "--data-dir", dir.toString());
    Run unknownRuntime = run("agent", "--server", "https://127.0.0.1:1", "--token", "K10" + "a".repeat(64)
        + "::abcdef.0123456789abcdef", "--runtime", "docker", "--data-dir", dir.toString());
    Run plainHttp = run("agent", "--server", "http://127.0.0.1:1", "--token", "K10" + "a".repeat(64)
        + "::abcdef.0123456789abcdef", "--data-dir", dir.toString());

    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.err()).contains("ketch: a join token reads K10<64 hex digits>::<id>.<secret>");
    assertThat(unknownRuntime.code()).isEqualTo(2);
    assertThat(unknownRuntime.err()).contains("ketch: --runtime docker is not known; this agent runs: process");
    assertThat(plainHttp.code()).isEqualTo(2);
    assertThat(plainHttp.err()).contains("ketch: --server must be https://host:port");
  }
}
