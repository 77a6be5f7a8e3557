package dev.ketch.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies captured from the real kubectl 1.32 and 1.33 ({@code <command>.pb}), each decoded and
 * compared with the JSON the same kubectl printed for the same object with {@code --dry-run=client
 * -o json} ({@code <command>.json}): Go's own JSON of the object it encoded.
 */
class KubectlBodiesTest {

  private static final ProtobufBodies BODIES = new ProtobufBodies(ResourceCatalog.builtIn());

  static final List<String> COMMANDS = List.of(
      "namespace", "configmap", "secret", "secret-tls-none", "deployment", "deployment0", "service", "service-np",
      "service-ext", "job", "cronjob", "cronjob-full", "quota", "role", "rolebinding", "clusterrole", "clusterrole-agg",
      "clusterrolebinding", "priorityclass", "priorityclass0", "pdb", "pdb-int", "ingress", "serviceaccount");

  static Stream<Arguments> captured() {
    return Stream.of("1.32", "1.33").flatMap(v -> COMMANDS.stream().map(c -> Arguments.of(v, c)));
  }

  @ParameterizedTest(name = "kubectl {0} create {1}")
  @MethodSource("captured")
  void decodesToTheJsonKubectlWrites(String version, String command) throws IOException {
    ObjectNode decoded = BODIES.decode(fixture(version, command + ".pb"));

    JsonNode expected = Json.mapper().readTree(fixture(version, command + ".json"));
    assertThat(decoded).as(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(decoded)).isEqualTo(expected);
  }

  static byte[] fixture(String version, String name) {
    String path = "kubectl-" + version + "/" + name;
    try (InputStream in = KubectlBodiesTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
