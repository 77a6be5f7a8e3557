package dev.ketch.apiserver.discovery;

import static dev.ketch.apiserver.discovery.DiscoveryFormat.AGGREGATED_V2;
import static dev.ketch.apiserver.discovery.DiscoveryFormat.AGGREGATED_V2BETA1;
import static dev.ketch.apiserver.discovery.DiscoveryFormat.LEGACY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DiscoveryFormatTest {

  private static final String V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  private static final String V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("kubectl 1.30+", V2 + "," + V2BETA1 + ",application/json", true, AGGREGATED_V2),
        Arguments.of("kubectl 1.27-1.29", V2BETA1 + ",application/json", true, AGGREGATED_V2BETA1),
        Arguments.of("parameters in another order", "application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io", true, AGGREGATED_V2),
        Arguments.of("no-peer profile", V2 + ";profile=nopeer," + V2, true, AGGREGATED_V2),
        Arguments.of("Java clients", "application/json", true, LEGACY),
        Arguments.of("no header", null, true, LEGACY),
        Arguments.of("anything", "*/*", true, LEGACY),
        Arguments.of("protobuf first, json after", "application/vnd.kubernetes.protobuf,application/json", true, LEGACY),
        Arguments.of("protobuf only is never a 406", "application/vnd.kubernetes.protobuf", true, LEGACY),
        Arguments.of("protobuf aggregated is passed over", "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList," + V2BETA1, true, AGGREGATED_V2BETA1),
        Arguments.of("unknown version", "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json", true, LEGACY),
        Arguments.of("another kind", "application/json;g=meta.k8s.io;v=v1;as=Table", true, LEGACY),
        Arguments.of("refused by quality", V2 + ";q=0,application/json", true, LEGACY),
        Arguments.of("lower quality loses", V2 + ";q=0.5,application/json", true, LEGACY),
        Arguments.of("aggregation switched off", V2 + "," + V2BETA1 + ",application/json", false, LEGACY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void negotiates(String name, String accept, boolean aggregated, DiscoveryFormat expected) {
    assertThat(DiscoveryFormat.negotiate(accept, aggregated)).isEqualTo(expected);
  }

  @Test
  void contentTypesCarryTheGroupVersionKindClientsRecogniseThemBy() {
    assertThat(AGGREGATED_V2.contentType()).isEqualTo(V2);
    assertThat(AGGREGATED_V2BETA1.contentType()).isEqualTo(V2BETA1);
    assertThat(LEGACY.contentType()).isEqualTo("application/json");
  }
}
