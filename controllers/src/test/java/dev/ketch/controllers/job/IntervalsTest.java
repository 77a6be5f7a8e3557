package dev.ketch.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalsTest {

  @Test
  void parsesMergesAndPrintsAsUpstream() {
    Intervals i = Intervals.parse("1,3-5,7", 10);
    assertThat(i.total()).isEqualTo(5);
    assertThat(i.has(4)).isTrue();
    assertThat(i.has(6)).isFalse();
    assertThat(i.with(List.of(2, 6)).toString()).isEqualTo("1-7");
    assertThat(Intervals.parse("0-9", 5).toString()).as("indexes beyond completions are dropped").isEqualTo("0-4");
    assertThat(Intervals.parse("", 5).total()).isZero();
    assertThat(Intervals.parse("x,2", 5).toString()).isEqualTo("2");
  }
}
