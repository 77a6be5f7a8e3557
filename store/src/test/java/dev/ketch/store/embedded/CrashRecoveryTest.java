package dev.ketch.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.store.KeyValue;
import dev.ketch.store.PutRequest;
import dev.ketch.store.RangeRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at a random moment, several times over the same directory,
 * and checks that every acknowledged write is there with its revision and that no revision is
 * ever handed out twice.
 */
class CrashRecoveryTest {

  private record Ack(String key, long revision, String value) {}

  @TempDir Path dir;

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Set<Long> allRevisions = new HashSet<>();
    List<Ack> allAcks = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      List<Ack> acks = runAndKill("r" + round, 400 + random.nextInt(1200));
      assertThat(acks).as("round %d (seed %d) acknowledged writes", round, seed).isNotEmpty();
      for (Ack ack : acks) {
        assertThat(allRevisions.add(ack.revision()))
            .as("revision %d handed out twice (seed %d)", ack.revision(), seed)
            .isTrue();
      }
      allAcks.addAll(acks);
      verify(allAcks, seed);
    }
  }

  private List<Ack> runAndKill(String round, long runMillis) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                dir.toString(),
                round,
                "8")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<Ack> acks = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader =
        Thread.ofPlatform().start(() -> {
          try (BufferedReader in =
              new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
              if (line.equals("READY")) {
                ready.countDown();
              } else if (line.startsWith("ACK ")) {
                String[] parts = line.split(" ");
                // A line cut by the kill is not an acknowledgement we can rely on having seen whole.
                if (parts.length == 4) {
                  synchronized (acks) {
                    acks.add(new Ack(parts[1], Long.parseLong(parts[2]), parts[3]));
                  }
                }
              }
            }
          } catch (IOException e) {
            // The pipe breaks when the child dies.
          }
        });
    assertThat(ready.await(60, TimeUnit.SECONDS)).as("writer started").isTrue();
    Thread.sleep(runMillis);
    child.destroyForcibly(); // SIGKILL on Linux
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);
    synchronized (acks) {
      return new ArrayList<>(acks);
    }
  }

  private void verify(List<Ack> acks, long seed) {
    try (EmbeddedStore store = EmbeddedStore.open(dir)) {
      long maxAcked = 0;
      for (Ack ack : acks) {
        KeyValue kv = store.range(RangeRequest.key(ack.key()).atRevision(ack.revision())).single();
        assertThat(kv).as("%s at %d (seed %d)", ack.key(), ack.revision(), seed).isNotNull();
        assertThat(kv.modRevision()).isEqualTo(ack.revision());
        assertThat(kv.value().toStringUtf8()).isEqualTo(ack.value());
        maxAcked = Math.max(maxAcked, ack.revision());
      }
      assertThat(store.status().revision()).isGreaterThanOrEqualTo(maxAcked);
      long next = store.put(PutRequest.of("/crash/after", "x")).revision();
      assertThat(next).isEqualTo(store.status().revision()).isGreaterThan(maxAcked);
    }
  }
}
