package dev.ketch.scheduler.plugins.queuesort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.QueuedPodInfo;
import dev.ketch.scheduler.testing.MakePod;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrioritySortTest {

  @ParameterizedTest(name = "priority {0} at t={1} before priority {2} at t={3}: {4}")
  @CsvSource({"10, 5, 1, 0, true", "1, 0, 10, 5, false", "5, 0, 5, 1, true", "5, 1, 5, 0, false", "5, 0, 5, 0, false"})
  void higherPriorityFirstThenOlder(int pa, long ta, int pb, long tb, boolean less) {
    var a = new QueuedPodInfo(MakePod.named("a").priority(pa).info(), Instant.ofEpochSecond(ta));
    var b = new QueuedPodInfo(MakePod.named("b").priority(pb).info(), Instant.ofEpochSecond(tb));
    assertThat(new PrioritySort().less(a, b)).isEqualTo(less);
  }
}
