package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackOffTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void delaysDoubleFromTheInitialOneUpToTheMaximum() {
    BackOff b = BackOff.containerDefaults();
    Instant t = T0;
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      seen.append(GoDuration.format(b.next("k", t))).append(' ');
      t = t.plusSeconds(1);
    }
    assertThat(seen.toString().trim()).isEqualTo("10s 20s 40s 1m20s 2m40s 5m0s 5m0s 5m0s");
  }

  @Test
  void anEventIsInBackOffForTheCurrentDelayCountedFromIt() {
    BackOff b = BackOff.containerDefaults();
    b.next("k", T0);

    assertThat(b.inBackOffSince("k", T0, T0.plusSeconds(9))).isTrue();
    assertThat(b.inBackOffSince("k", T0, T0.plusSeconds(10))).isFalse();
    assertThat(b.inBackOffSince("other", T0, T0)).isFalse();
    assertThat(b.releaseTime("k", T0, T0)).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void anEntryIdleForTwiceTheMaximumStartsOver() {
    BackOff b = BackOff.containerDefaults();
    b.next("k", T0);
    b.next("k", T0);
    assertThat(b.current("k", T0.plus(Duration.ofMinutes(10)))).isEqualTo(Duration.ofSeconds(20));

    assertThat(b.current("k", T0.plus(Duration.ofMinutes(10)).plusSeconds(1))).isZero();
    assertThat(b.next("k", T0.plus(Duration.ofMinutes(11)))).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aPodsKeysAreForgottenTogether() {
    BackOff b = BackOff.containerDefaults();
    b.next("uid-1/a", T0);
    b.next("uid-1/b", T0);
    b.next("uid-2/a", T0);

    b.forgetPrefix("uid-1/");

    assertThat(b.current("uid-1/a", T0)).isZero();
    assertThat(b.current("uid-2/a", T0)).isEqualTo(Duration.ofSeconds(10));
  }
}
