package dev.ketch.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesVersionTest {

  @Test
  void takesMajorAndMinorFromTheSemver() {
    KubernetesVersion v = KubernetesVersion.of("v1.32.0+ketch.0.1.0", "abc", Instant.parse("2025-02-03T04:05:06.789Z"));

    assertThat(v.major()).isEqualTo("1");
    assertThat(v.minor()).isEqualTo("32");
    assertThat(v.gitTreeState()).isEqualTo("clean");
    assertThat(v.buildDate()).isEqualTo("2025-02-03T04:05:06Z");
    assertThat(v.platform()).matches("[a-z]+/[a-z0-9]+");
    assertThat(v.compiler()).isEqualTo("javac");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"1.32.0", "v1.32", "v1.32.0.1", "v01.32.0", "latest"})
  void refusesWhatIsNoSemver(String gitVersion) {
    assertThatThrownBy(() -> KubernetesVersion.of(gitVersion, "", Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
  }
}
