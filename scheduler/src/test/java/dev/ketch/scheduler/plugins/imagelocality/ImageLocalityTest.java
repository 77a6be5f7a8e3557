package dev.ketch.scheduler.plugins.imagelocality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.TestHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageLocalityTest {

  private static final long MB = 1024 * 1024;

  @Test
  void nodesWithTheImageScoreByItsSizeAndSpread() {
    var withBig = MakeNode.named("a").image("registry/big:1", 500 * MB).image("registry/small:1", 10 * MB).info();
    var withSmall = MakeNode.named("b").image("registry/small:1", 10 * MB).info();
    var none = MakeNode.named("c").info();
    TestHandle h = TestHandle.of(withBig, withSmall, none);
    ImageLocality il = new ImageLocality(h);
    var pod = MakePod.named("p").image("registry/big:1").info();
    // 500 MB on one node of three: 166.7 MB counted; (166.7 − 23) / (1000 − 23) × 100 = 14.
    assertThat(il.score(new CycleState(), pod, withBig)).isEqualTo(14);
    assertThat(il.score(new CycleState(), pod, withSmall)).isZero();
    assertThat(il.score(new CycleState(), pod, none)).isZero();
  }

  @Test
  void anUntaggedImageMeansLatest() {
    var node = MakeNode.named("a").image("nginx:latest", 2000 * MB).info();
    ImageLocality il = new ImageLocality(TestHandle.of(node));
    assertThat(il.score(new CycleState(), MakePod.named("p").image("nginx").info(), node)).isEqualTo(100);
  }

  @ParameterizedTest(name = "sum {0} MB over {1} containers scores {2}")
  @CsvSource({"0, 1, 0", "23, 1, 0", "1000, 1, 100", "5000, 1, 100", "1000, 2, 49"})
  void priorityIsLinearBetweenThresholds(long mb, int containers, long score) {
    assertThat(ImageLocality.priority(mb * MB, containers)).isEqualTo(score);
  }
}
