package dev.ketch.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.time.FakeClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

  private final FakeClock clock = new FakeClock();
  private final Expectations<String> expectations = new Expectations<>(clock);

  @Test
  void nothingExpectedIsSatisfied() {
    assertThat(expectations.satisfied("rs")).isTrue();
  }

  @Test
  void creationsAreCountedDown() {
    expectations.expectCreations("rs", 2);
    expectations.creationObserved("rs");
    assertThat(expectations.satisfied("rs")).isFalse();
    expectations.creationObserved("rs");
    assertThat(expectations.satisfied("rs")).isTrue();
  }

  @Test
  void aDeletionSeenTwiceCountsOnce() {
    expectations.expectDeletions("rs", Set.of("ns/a", "ns/b"));
    expectations.deletionObserved("rs", "ns/a");
    expectations.deletionObserved("rs", "ns/a");
    assertThat(expectations.satisfied("rs")).isFalse();
    expectations.deletionObserved("rs", "ns/unrelated");
    assertThat(expectations.satisfied("rs")).isFalse();
    expectations.deletionObserved("rs", "ns/b");
    assertThat(expectations.satisfied("rs")).isTrue();
  }

  @Test
  void expectationsExpireAfterFiveMinutes() {
    expectations.expectCreations("rs", 1);
    clock.advance(Duration.ofMinutes(5));
    assertThat(expectations.satisfied("rs")).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(expectations.satisfied("rs")).isTrue();
  }

  @Test
  void deletingForgets() {
    expectations.expectCreations("rs", 1);
    expectations.delete("rs");
    assertThat(expectations.satisfied("rs")).isTrue();
  }
}
