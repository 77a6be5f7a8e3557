package dev.ketch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ParallelStartTest {

  @Test
  void givesEveryStartedComponentAndItsTime() {
    ParallelStart parallel = new ParallelStart("test");
    var a = parallel.submit("a", () -> () -> {});
    var b = parallel.submit("b", () -> () -> {});

    parallel.await();

    assertThat(a.resultNow()).isNotNull();
    assertThat(b.resultNow()).isNotNull();
    assertThat(parallel.millis()).containsOnlyKeys("a", "b");
  }

  @Test
  void closesWhatStartedWhenAnotherFailsAndThrowsTheFailure() {
    AtomicBoolean closed = new AtomicBoolean();
    ParallelStart parallel = new ParallelStart("test");
    parallel.submit("good", () -> () -> closed.set(true));
    parallel.submit("bad", () -> {
      throw new IllegalArgumentException("no scheduler for you");
    });

    assertThatThrownBy(parallel::await).isInstanceOf(IllegalArgumentException.class).hasMessage("no scheduler for you");
    assertThat(closed).isTrue();
  }
}
