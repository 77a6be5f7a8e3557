package dev.ketch.controllers.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OwnWritesTest {

  private final FakeClock clock = new FakeClock();
  private final OwnWrites<String> writes = new OwnWrites<>(clock);

  private static ConfigMap at(String name, String rv) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("ns").withResourceVersion(rv).endMetadata().build();
  }

  @Test
  void aWriteIsPendingUntilItsEventArrivesAndTheEchoIsRecognised() {
    writes.wrote("svc", "1", at("a", "2"));
    assertThat(writes.pending("svc")).isTrue();
    assertThat(writes.observe(at("a", "2"), false)).isTrue();
    assertThat(writes.pending("svc")).isFalse();
    assertThat(writes.observe(at("a", "3"), false)).isFalse();
  }

  @Test
  void anEventBeforeTheAnswerMeansTheWriteIsSeen() {
    writes.observe(at("a", "2"), false);
    writes.wrote("svc", "1", at("a", "2"));
    assertThat(writes.pending("svc")).isFalse();
  }

  @Test
  void anUpdateThatChangedNothingIsNotAwaited() {
    writes.wrote("svc", "5", at("a", "5"));
    assertThat(writes.pending("svc")).isFalse();
  }

  @Test
  void deletionsAreAwaitedToo() {
    writes.deleted("svc", "ns/a");
    assertThat(writes.pending("svc")).isTrue();
    assertThat(writes.observe(at("a", "9"), true)).isTrue();
    assertThat(writes.pending("svc")).isFalse();
  }

  @Test
  void aLostEventStopsBlockingAfterAWhile() {
    writes.wrote("svc", null, at("a", "2"));
    clock.advance(OwnWrites.PATIENCE.plus(Duration.ofSeconds(1)));
    assertThat(writes.pending("svc")).isFalse();
  }
}
