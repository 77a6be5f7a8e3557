package dev.ketch.controllers.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventCorrelatorTest {

  private final FakeClock clock = new FakeClock();
  private final EventCorrelator correlator = new EventCorrelator(clock);
  private static final EventCorrelator.Similar WEB =
      new EventCorrelator.Similar("ns", "StatefulSet", "web", "uid-1", "Warning", "FailedCreate");

  @Test
  void identicalMessagesKeepTheirOwnCountKey() {
    for (int i = 0; i < 5; i++) {
      assertThat(correlator.correlate(WEB, "quota exceeded")).isEqualTo(new EventCorrelator.Correlated("quota exceeded", "quota exceeded"));
    }
  }

  @Test
  void theTenthDifferentMessageWithinTenMinutesIsCombined() {
    for (int i = 0; i < 9; i++) {
      assertThat(correlator.correlate(WEB, "pod " + i).countKey()).isEqualTo("pod " + i);
    }
    EventCorrelator.Correlated combined = correlator.correlate(WEB, "pod 9");
    assertThat(combined.message()).isEqualTo("(combined from similar events): pod 9");
    assertThat(combined.countKey()).isEqualTo(EventCorrelator.AGGREGATED);
    assertThat(correlator.correlate(WEB, "pod 10").countKey()).isEqualTo(EventCorrelator.AGGREGATED);

    clock.advance(Duration.ofMinutes(11));
    assertThat(correlator.correlate(WEB, "pod 11").countKey()).as("a quiet spell starts over").isEqualTo("pod 11");
  }

  @Test
  void otherReasonsAndObjectsAreSeparate() {
    for (int i = 0; i < 9; i++) {
      correlator.correlate(WEB, "pod " + i);
    }
    var other = new EventCorrelator.Similar("ns", "StatefulSet", "db", "uid-2", "Warning", "FailedCreate");
    assertThat(correlator.correlate(other, "pod 9").countKey()).isEqualTo("pod 9");
  }

  @Test
  void aFloodFromOneObjectIsCutOffAfterTwentyFiveAndTrickles() {
    int passed = 0;
    for (int i = 0; i < 40; i++) {
      if (correlator.correlate(WEB, "same") != null) {
        passed++;
      }
    }
    assertThat(passed).isEqualTo(25);
    clock.advance(Duration.ofMinutes(5));
    assertThat(correlator.correlate(WEB, "same")).isNotNull();
    assertThat(correlator.correlate(WEB, "same")).isNull();
  }
}
