package dev.ketch.scheduler.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.testing.MakePod;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodRequestsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Named.of("containers are summed", MakePod.named("p").req("cpu", "100m", "memory", "1Gi").req("cpu", "200m")),
            300L, 1L << 30),
        Arguments.of(Named.of("a larger init container wins", MakePod.named("p").req("cpu", "100m").initReq(false, "cpu", "500m")),
            500L, 0L),
        Arguments.of(Named.of("a smaller init container does not count",
            MakePod.named("p").req("cpu", "800m").initReq(false, "cpu", "500m")), 800L, 0L),
        Arguments.of(Named.of("sidecars run with the containers",
            MakePod.named("p").req("cpu", "100m").initReq(true, "cpu", "50m")), 150L, 0L),
        Arguments.of(Named.of("an init container after a sidecar counts with it",
            MakePod.named("p").req("cpu", "100m").initReq(true, "cpu", "50m").initReq(false, "cpu", "300m")), 350L, 0L),
        Arguments.of(Named.of("overhead is added",
            MakePod.named("p").req("cpu", "100m", "memory", "100Mi").overhead("cpu", "10m", "memory", "10Mi")), 110L, 110L << 20),
        Arguments.of(Named.of("no requests", MakePod.named("p").req()), 0L, 0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void requestsAsUpstream(MakePod pod, long milliCpu, long memory) {
    Resource r = PodRequests.of(pod.obj());
    assertThat(r.milliCpu()).isEqualTo(milliCpu);
    assertThat(r.memory()).isEqualTo(memory);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nonZeroCases")
  void nonZeroRequestsDefaultMissingCpuAndMemory(MakePod pod, long milliCpu, long memory) {
    Resource r = PodRequests.nonZero(pod.obj());
    assertThat(r.milliCpu()).isEqualTo(milliCpu);
    assertThat(r.memory()).isEqualTo(memory);
  }

  static Stream<Arguments> nonZeroCases() {
    return Stream.of(
        Arguments.of(Named.of("nothing requested", MakePod.named("p").req()), 100L, 200L << 20),
        Arguments.of(Named.of("only cpu requested", MakePod.named("p").req("cpu", "1")), 1000L, 200L << 20),
        Arguments.of(Named.of("two empty containers", MakePod.named("p").req().req()), 200L, 400L << 20));
  }

  @org.junit.jupiter.api.Test
  void extendedResourcesAreScalars() {
    Resource r = PodRequests.of(MakePod.named("p").req("example.com/gpu", "2", "hugepages-2Mi", "4Mi", "storage", "1Gi").obj());
    assertThat(r.scalars()).containsEntry("example.com/gpu", 2L).containsEntry("hugepages-2Mi", 4L << 20).doesNotContainKey("storage");
  }
}
