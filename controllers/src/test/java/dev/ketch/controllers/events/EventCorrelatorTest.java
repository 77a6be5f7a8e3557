package dev.ketch.controllers.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventCorrelatorTest {

  private final FakeClock clock = new FakeClock();
  private final EventCorrelator correlator = new EventCorrelator(clock);

  private static ObjectReference rs(String name) {
    return new ObjectReferenceBuilder().withKind("ReplicaSet").withNamespace("ns").withName(name).withUid(name + "-uid")
        .withApiVersion("apps/v1").build();
  }

  private EventCorrelator.Decision post(ObjectReference o, String message) {
    EventCorrelator.Decision d = correlator.correlate(o, "Normal", "SuccessfulCreate", message);
    switch (d) {
      case EventCorrelator.Create c -> correlator.posted(c.key(), "ns", "event-" + c.key().hashCode(), 1);
      case EventCorrelator.Increment i -> correlator.posted(i.key(), i.namespace(), i.name(), i.count());
      case EventCorrelator.Drop x -> { }
    }
    return d;
  }

  @Test
  void aRepeatIsCountedOnTheEventAlreadyPosted() {
    assertThat(post(rs("a"), "Created pod: x")).isInstanceOf(EventCorrelator.Create.class);
    EventCorrelator.Decision again = post(rs("a"), "Created pod: x");
    assertThat(again).isInstanceOfSatisfying(EventCorrelator.Increment.class, i -> assertThat(i.count()).isEqualTo(2));
  }

  @Test
  void manySimilarEventsAreCombinedIntoOne() {
    for (int i = 0; i < 9; i++) {
      assertThat(post(rs("a"), "Created pod: p" + i)).isInstanceOf(EventCorrelator.Create.class);
    }
    EventCorrelator.Decision tenth = post(rs("a"), "Created pod: p9");
    assertThat(tenth).isInstanceOfSatisfying(EventCorrelator.Create.class,
        c -> assertThat(c.message()).isEqualTo("(combined from similar events): Created pod: p9"));
    EventCorrelator.Decision eleventh = post(rs("a"), "Created pod: p10");
    assertThat(eleventh).isInstanceOfSatisfying(EventCorrelator.Increment.class, i -> {
      assertThat(i.count()).isEqualTo(2);
      assertThat(i.message()).isEqualTo("(combined from similar events): Created pod: p10");
    });
  }

  @Test
  void anObjectGetsTwentyFiveEventsThenOneEveryFiveMinutes() {
    int kept = 0;
    for (int i = 0; i < 100; i++) {
      if (!(post(rs("a"), "m" + i) instanceof EventCorrelator.Drop)) {
        kept++;
      }
    }
    assertThat(kept).isEqualTo(25);
    assertThat(post(rs("b"), "other object")).isInstanceOf(EventCorrelator.Create.class);
    clock.advance(Duration.ofMinutes(5));
    assertThat(post(rs("a"), "later")).isNotInstanceOf(EventCorrelator.Drop.class);
    assertThat(post(rs("a"), "later still")).isInstanceOf(EventCorrelator.Drop.class);
  }
}
