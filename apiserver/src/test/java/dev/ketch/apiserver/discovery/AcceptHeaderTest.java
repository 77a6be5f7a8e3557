package dev.ketch.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.apiserver.discovery.AcceptHeader.MediaRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AcceptHeaderTest {

  @Test
  void ordersByQualityKeepingTheClientsOrderAmongEquals() {
    AcceptHeader h = AcceptHeader.parse("text/plain;q=0.5, application/json;as=Table;v=v1;g=meta.k8s.io, application/json, */*;q=0.1");

    assertThat(h.ranges())
        .extracting(r -> r.type() + "/" + r.subtype())
        .containsExactly("application/json", "application/json", "text/plain", "*/*");
    assertThat(h.ranges().getFirst().params()).isEqualTo(Map.of("as", "Table", "v", "v1", "g", "meta.k8s.io"));
    assertThat(h.ranges().get(2).quality()).isEqualTo(0.5);
  }

  @Test
  void missingBlankOrUnusableHeadersMeanAnything() {
    for (String header : new String[] {null, "", "  ", "garbage", "/json"}) {
      assertThat(AcceptHeader.parse(header)).as(header).isEqualTo(AcceptHeader.ANY);
    }
  }

  @Test
  void lowerCasesTypesAndKeysButNotValuesAndUnquotes() {
    MediaRange r = AcceptHeader.parse("Application/JSON; AS=\"APIGroupDiscoveryList\"").ranges().getFirst();

    assertThat(r.type()).isEqualTo("application");
    assertThat(r.subtype()).isEqualTo("json");
    assertThat(r.params()).containsEntry("as", "APIGroupDiscoveryList");
  }

  static Stream<Arguments> admitted() {
    List<String> offered = List.of("application/json", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
    return Stream.of(
        Arguments.of("client-go protobuf", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf", offered, Optional.of(offered.get(1))),
        Arguments.of("json", "application/json", offered, Optional.of("application/json")),
        Arguments.of("json with charset", "application/json; charset=utf-8", offered, Optional.of("application/json")),
        Arguments.of("wildcard prefers the first offer", "*/*", offered, Optional.of("application/json")),
        Arguments.of("type wildcard", "application/*", offered, Optional.of("application/json")),
        Arguments.of("nothing offered fits", "text/html", offered, Optional.empty()),
        Arguments.of("q=0 refuses", "application/json;q=0", offered, Optional.empty()),
        Arguments.of("representation parameters are not plain json", "application/json;as=Table;g=meta.k8s.io;v=v1", offered, Optional.empty()),
        Arguments.of("quality decides", "application/json;q=0.2, application/com.github.proto-openapi.spec.v2@v1.0+protobuf", offered, Optional.of(offered.get(1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("admitted")
  void firstAdmitted(String name, String header, List<String> offered, Optional<String> expected) {
    assertThat(AcceptHeader.parse(header).firstAdmitted(offered)).isEqualTo(expected);
  }
}
