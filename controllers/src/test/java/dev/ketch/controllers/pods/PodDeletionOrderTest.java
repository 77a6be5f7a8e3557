package dev.ketch.controllers.pods;

import static dev.ketch.controllers.fake.TestObjects.pod;
import static dev.ketch.controllers.fake.TestObjects.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which of two pods is deleted first, rule by rule, as upstream's ActivePodsWithRanks tests. */
class PodDeletionOrderTest {

  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  private static final Map<String, String> L = Map.of("app", "web");

  private static Pod created(String name, Instant at) {
    return pod(name, L).editMetadata().withCreationTimestamp(at.toString()).withUid(name).endMetadata().build();
  }

  private static Pod readyOn(String name, String node, Instant readySince, Instant created) {
    return running(created(name, created), node, readySince);
  }

  static Stream<Arguments> cases() {
    Instant hourAgo = NOW.minusSeconds(3600);
    Instant dayAgo = NOW.minusSeconds(86400);
    return Stream.of(
        Arguments.of("unscheduled before scheduled", created("first", hourAgo), readyOn("second", "n1", hourAgo, dayAgo), 0, 0),
        Arguments.of("pending before running",
            new PodBuilder(running(created("first", hourAgo), "n1", null)).editStatus().withPhase("Pending").endStatus().build(),
            running(created("second", hourAgo), "n1", null), 0, 0),
        Arguments.of("not ready before ready", running(created("first", dayAgo), "n1", null), readyOn("second", "n1", hourAgo, hourAgo), 0, 0),
        Arguments.of("lower deletion cost first",
            new PodBuilder(readyOn("first", "n1", dayAgo, dayAgo)).editMetadata()
                .addToAnnotations(PodDeletionOrder.DELETION_COST_ANNOTATION, "-5").endMetadata().build(),
            readyOn("second", "n1", hourAgo, hourAgo), 0, 0),
        Arguments.of("more colocated pods first", readyOn("first", "n1", dayAgo, dayAgo), readyOn("second", "n2", hourAgo, hourAgo), 3, 1),
        Arguments.of("ready more recently first (log scale)", readyOn("first", "n1", NOW.minusSeconds(10), dayAgo),
            readyOn("second", "n1", hourAgo, dayAgo), 0, 0),
        Arguments.of("more restarts first",
            new PodBuilder(readyOn("first", "n1", hourAgo, dayAgo)).editStatus().addNewContainerStatus().withName("c").withRestartCount(4)
                .endContainerStatus().endStatus().build(),
            readyOn("second", "n1", hourAgo, dayAgo), 0, 0),
        Arguments.of("newer first", readyOn("first", "n1", hourAgo, hourAgo.plusSeconds(1)), readyOn("second", "n1", hourAgo, dayAgo), 0, 0));
  }

  @org.junit.jupiter.api.Test
  void manyPodsWithCloseAndEqualTimesSortWithoutBreakingTheContract() {
    List<Pod> pods = new ArrayList<>();
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 5000; i++) {
      Instant ready = NOW.minusSeconds(random.nextInt(4) * 30L + (random.nextBoolean() ? 0 : random.nextInt(5)));
      Instant created = ready.minusSeconds(random.nextInt(3));
      Pod p = readyOn("p" + i, "n" + random.nextInt(3), ready, created);
      if (random.nextInt(10) == 0) {
        p = new PodBuilder(p).editStatus().addNewContainerStatus().withName("c").withRestartCount(random.nextInt(3)).endContainerStatus()
            .endStatus().build();
      }
      pods.add(p);
    }
    PodDeletionOrder order = new PodDeletionOrder(p -> Math.floorMod(p.getMetadata().getName().hashCode(), 3), NOW);
    pods.sort(order);
    for (int i = 1; i < pods.size(); i++) {
      assertThat(order.compare(pods.get(i - 1), pods.get(i))).isLessThanOrEqualTo(0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firstGoesFirst(String name, Pod first, Pod second, int rankFirst, int rankSecond) {
    PodDeletionOrder order = new PodDeletionOrder(p -> p == first ? rankFirst : p == second ? rankSecond : 0, NOW);
    List<Pod> pods = new ArrayList<>(List.of(second, first));
    pods.sort(order);
    assertThat(pods.getFirst().getMetadata().getName()).isEqualTo("first");
    pods = new ArrayList<>(List.of(first, second));
    pods.sort(order);
    assertThat(pods.getFirst().getMetadata().getName()).isEqualTo("first");
  }
}
