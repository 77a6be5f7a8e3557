package dev.ketch.controllers.objects;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;

class IntOrPercentTest {

  @Test
  void intOrPercentScales() {
    assertThat(IntOrPercent.scaled(new IntOrString("25%"), 10, true, 0)).isEqualTo(3);
    assertThat(IntOrPercent.scaled(new IntOrString("25%"), 10, false, 0)).isEqualTo(2);
    assertThat(IntOrPercent.scaled(new IntOrString(4), 10, true, 0)).isEqualTo(4);
    assertThat(IntOrPercent.scaled(null, 10, true, 1)).isEqualTo(1);
  }
}
