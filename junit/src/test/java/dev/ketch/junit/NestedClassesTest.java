package dev.ketch.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A @Nested class without its own @KetchCluster runs on its enclosing class's cluster. */
@KetchCluster(nodes = 0)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NestedClassesTest {

  private String outerUrl;

  @BeforeAll
  void rememberTheCluster(ClusterHandle cluster) {
    outerUrl = cluster.url();
  }

  @Test
  void outerTestRunsOnTheCluster(ClusterHandle cluster) {
    assertThat(cluster.url()).isEqualTo(outerUrl);
  }

  @Nested
  class Inner {
    @Test
    void sharesTheEnclosingCluster(ClusterHandle cluster) {
      assertThat(cluster.url()).isEqualTo(outerUrl);
    }
  }
}
