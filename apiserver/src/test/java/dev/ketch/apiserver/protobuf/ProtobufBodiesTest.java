package dev.ketch.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.resource.Subresource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which bodies decode, and how the others are refused. */
class ProtobufBodiesTest {

  private static final ResourceCatalog CATALOG = ResourceCatalog.builtIn();
  private static final ProtobufBodies BODIES = new ProtobufBodies(CATALOG);

  record Kind(String apiVersion, String kind) {
    @Override
    public String toString() {
      return apiVersion + " " + kind;
    }
  }

  /** Every kind a client may send to the catalog: resources, subresource bodies, DeleteOptions. */
  static Stream<Kind> catalogKinds() {
    List<Kind> kinds = new ArrayList<>();
    for (ResourceType type : CATALOG.all()) {
      kinds.add(new Kind(type.apiVersion(), type.kind()));
      kinds.add(new Kind(type.apiVersion(), "DeleteOptions"));
      for (Subresource sub : type.subresources()) {
        GroupVersion gv = sub.groupVersion() != null ? sub.groupVersion() : type.groupVersion();
        kinds.add(new Kind(gv.apiVersion(), sub.kind()));
      }
    }
    return kinds.stream().distinct();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogKinds")
  void everyKindOfTheCatalogDecodes(Kind kind) {
    Descriptor type = MessageTypes.of(kind.apiVersion(), kind.kind()).orElseThrow();
    assertThat(type.getName()).isEqualTo(kind.kind());

    ObjectNode out = BODIES.decode(Wire.envelope(kind.apiVersion(), kind.kind(), DynamicMessage.getDefaultInstance(type)));

    assertThat(out.path("kind").asText()).isEqualTo(kind.kind());
    assertThat(out.path("apiVersion").asText()).isEqualTo(kind.apiVersion());
  }

  @Test
  void objectsOfTheCatalogHaveMetadata() {
    for (ResourceType type : CATALOG.all()) {
      Descriptor message = MessageTypes.of(type.apiVersion(), type.kind()).orElseThrow();
      assertThat(message.findFieldByName("metadata")).as(type.toString()).isNotNull();
    }
  }

  @Test
  void deleteOptionsComeFromAnyServedGroupVersionAndMeta() {
    byte[] options = Wire.envelope("meta.k8s.io/v1", "DeleteOptions", io.kubernetes.client.proto.Meta.DeleteOptions.newBuilder()
        .setPropagationPolicy("Orphan").addDryRun("All").build());

    assertThat(BODIES.decode(options).toString())
        .isEqualTo("{\"kind\":\"DeleteOptions\",\"apiVersion\":\"meta.k8s.io/v1\",\"propagationPolicy\":\"Orphan\",\"dryRun\":[\"All\"]}");
  }

  @Test
  void kindsOutsideTheCatalogAreRefused() {
    byte[] csr = Wire.envelope("certificates.k8s.io/v1", "CertificateSigningRequest", ByteString.EMPTY);
    byte[] podSpec = Wire.envelope("v1", "PodSpec", ByteString.EMPTY);

    assertRefused(csr, 400, "no kind \"CertificateSigningRequest\" is registered for version \"certificates.k8s.io/v1\"");
    assertRefused(podSpec, 400, "no kind \"PodSpec\" is registered for version \"v1\"");
  }

  @Test
  void envelopesThatCannotBeReadAreRefused() {
    byte[] configMap = Wire.envelope("v1", "ConfigMap", V1.ConfigMap.newBuilder().setMetadata(Wire.meta("c")).build());

    assertRefused(new byte[0], 400, "the request body is empty");
    assertRefused(new byte[] {'k', '8', 's', 0}, 400, "holds only the protobuf prefix");
    assertRefused("{\"kind\":\"ConfigMap\"}".getBytes(), 400, "does not appear to be a protobuf message, expected prefix [107 56 115 0]");
    assertRefused(new byte[] {'k', '8', 's', 1, 10}, 400, "does not appear to be a protobuf message");
    assertRefused(java.util.Arrays.copyOf(configMap, configMap.length - 1), 400, "the protobuf envelope (runtime.Unknown) is malformed");
    assertRefused(Wire.envelope("v1", "", ByteString.EMPTY), 400, "Object 'Kind' is missing");
    assertRefused(Wire.envelope("", "ConfigMap", ByteString.EMPTY), 400, "Object 'apiVersion' is missing");
    assertRefused(Wire.withMagic(Runtime.Unknown.newBuilder().setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
        .setContentType("application/json").setRaw(ByteString.copyFromUtf8("{}")).build()), 415, "content type \"application/json\"");
    assertRefused(Wire.withMagic(Runtime.Unknown.newBuilder().setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
        .setContentEncoding("gzip").build()), 415, "content encoding \"gzip\"");
  }

  @Test
  void messagesThatCannotBeReadAreRefused() {
    // Field 1 (metadata) says 100 bytes follow, and none do.
    byte[] truncated = Wire.envelope("v1", "ConfigMap", ByteString.copyFrom(new byte[] {0x0a, 100}));
    // Field 2 (data, a map) with a wire type it cannot have.
    byte[] wrongType = Wire.envelope("v1", "ConfigMap", ByteString.copyFrom(new byte[] {0x10, 1}));

    assertRefused(truncated, 400, "unable to decode the protobuf body as ConfigMap in version \"v1\"");
    assertRefused(wrongType, 400, "unable to decode the protobuf body: field data of ConfigMap has the wrong wire type");
  }

  @Test
  void whatTheGeneratedClassesWriteIsRead() {
    V1.Pod pod = V1.Pod.newBuilder().setMetadata(Wire.meta("p")).setSpec(V1.PodSpec.newBuilder().setNodeName("n")).build();

    assertThat(BODIES.decode(Wire.envelope("v1", "Pod", pod)).path("spec").path("nodeName").asText()).isEqualTo("n");
  }

  /**
   * client-java-proto's generated parsers predate protobuf 3.21.7, and the runtime warns when one
   * runs: bodies must be read through descriptors only.
   */
  @Test
  void noGeneratedParserReadsABody() {
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        warnings.add(String.valueOf(record.getMessage()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    root.addHandler(handler);
    try {
      for (String version : List.of("1.32", "1.33")) {
        for (String command : KubectlBodiesTest.COMMANDS) {
          BODIES.decode(KubectlBodiesTest.fixture(version, command + ".pb"));
        }
      }
    } finally {
      root.removeHandler(handler);
    }
    assertThat(warnings).noneMatch(w -> w.contains("generated type"));
  }

  private static void assertRefused(byte[] body, int code, String message) {
    assertThatThrownBy(() -> BODIES.decode(body)).isInstanceOfSatisfying(StatusException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(message);
    });
  }
}
