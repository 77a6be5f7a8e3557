package dev.ketch.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceCatalog;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Rbac;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON written for the apimachinery value types and for representative messages. */
class MessageJsonTest {

  private static final ProtobufBodies BODIES = new ProtobufBodies(ResourceCatalog.builtIn());
  private static final MessageJson JSON = new MessageJson(GoFields.builtIn(), BODIES::decode);

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode value(Message m) {
    return JSON.value(m);
  }

  static Stream<Arguments> valueTypes() {
    return Stream.of(
        Arguments.of("Time, whole seconds", Meta.Time.newBuilder().setSeconds(1_704_164_645L).build(), "'2024-01-02T03:04:05Z'"),
        Arguments.of("Time drops nanoseconds as Go's Time does", Meta.Time.newBuilder().setSeconds(1_704_164_645L).setNanos(999_999_999).build(),
            "'2024-01-02T03:04:05Z'"),
        Arguments.of("Time, the epoch is a time", Meta.Time.newBuilder().setSeconds(0).build(), "'1970-01-01T00:00:00Z'"),
        Arguments.of("Time, unset is null", Meta.Time.getDefaultInstance(), "null"),
        Arguments.of("Time, Go's zero time is null", Meta.Time.newBuilder().setSeconds(GoText.GO_ZERO_SECONDS).build(), "null"),
        Arguments.of("MicroTime, six digits truncated", Meta.MicroTime.newBuilder().setSeconds(1_704_164_645L).setNanos(123_456_789).build(),
            "'2024-01-02T03:04:05.123456Z'"),
        Arguments.of("MicroTime, whole second", Meta.MicroTime.newBuilder().setSeconds(1_704_164_645L).build(), "'2024-01-02T03:04:05.000000Z'"),
        Arguments.of("MicroTime, unset is null", Meta.MicroTime.getDefaultInstance(), "null"),
        Arguments.of("Duration", Meta.Duration.newBuilder().setDuration(3_723_500_000_000L).build(), "'1h2m3.5s'"),
        Arguments.of("Quantity", Resource.Quantity.newBuilder().setString("500m").build(), "'500m'"),
        Arguments.of("Quantity, binary suffix", Resource.Quantity.newBuilder().setString("1Gi").build(), "'1Gi'"),
        Arguments.of("Quantity, unset is zero", Resource.Quantity.getDefaultInstance(), "'0'"),
        Arguments.of("IntOrString, int", IntStr.IntOrString.newBuilder().setType(0).setIntVal(8080).build(), "8080"),
        Arguments.of("IntOrString, unset is the int 0", IntStr.IntOrString.getDefaultInstance(), "0"),
        Arguments.of("IntOrString, string", IntStr.IntOrString.newBuilder().setType(1).setStrVal("http").build(), "'http'"),
        Arguments.of("IntOrString, percentage", IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%").build(), "'25%'"),
        Arguments.of("RawExtension, JSON", Runtime.RawExtension.newBuilder().setRaw(utf8("{\"a\":[1,\"x\"]}")).build(), "{'a':[1,'x']}"),
        Arguments.of("RawExtension, unset is null", Runtime.RawExtension.getDefaultInstance(), "null"),
        Arguments.of("FieldsV1", Meta.FieldsV1.newBuilder().setRaw(utf8("{\"f:data\":{\"f:a\":{}}}")).build(), "{'f:data':{'f:a':{}}}"),
        Arguments.of("FieldsV1, unset is null", Meta.FieldsV1.getDefaultInstance(), "null"),
        Arguments.of("Verbs, a Go slice", Meta.Verbs.newBuilder().addItems("get").addItems("list").build(), "['get','list']"));
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueTypes")
  void valueTypesAreWrittenInTheirJsonForms(String name, Message message, String expected) {
    assertThat(value(message)).isEqualTo(json(expected));
  }

  @Test
  void aRawExtensionMayHoldAnotherEnvelope() {
    byte[] inner = Wire.envelope("v1", "ConfigMap", V1.ConfigMap.newBuilder().setMetadata(Wire.meta("inner")).putData("k", "v").build());

    JsonNode out = value(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(inner)).build());

    assertThat(out).isEqualTo(json("{'kind':'ConfigMap','apiVersion':'v1','metadata':{'name':'inner'},'data':{'k':'v'}}"));
  }

  @Test
  void aRawExtensionThatIsNotJsonIsABadRequest() {
    Message garbage = Runtime.RawExtension.newBuilder().setRaw(utf8("{not json")).build();

    assertThatThrownBy(() -> value(garbage)).isInstanceOfSatisfying(StatusException.class, e -> {
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.getMessage()).contains("RawExtension").contains("does not hold JSON");
    });
  }

  @Test
  void secretDataIsBase64AndMapKeysAreSorted() {
    V1.Secret secret = V1.Secret.newBuilder()
        .setMetadata(Wire.meta("s").putLabels("zeta", "1").putLabels("alpha", "2").putLabels("Beta", "3"))
        .putData("bin", ByteString.copyFrom(new byte[] {0, (byte) 0xff, (byte) 0xfe, 'a'}))
        .putData("empty", ByteString.EMPTY)
        .setType("Opaque")
        .build();

    ObjectNode out = JSON.object(secret);

    assertThat(out.path("data")).isEqualTo(json("{'bin':'AP/+YQ==','empty':''}"));
    assertThat(out.path("metadata").path("labels").fieldNames()).toIterable().containsExactly("Beta", "alpha", "zeta");
    assertThat(out.path("type").asText()).isEqualTo("Opaque");
  }

  @Test
  void int64IsANumberAndPointersKeepZero() {
    Meta.ObjectMeta meta = Wire.meta("m").setGeneration(1L << 40).setDeletionGracePeriodSeconds(0).setResourceVersion("").build();

    ObjectNode out = JSON.object(meta);

    assertThat(out).isEqualTo(json("{'name':'m','generation':1099511627776,'deletionGracePeriodSeconds':0}"));
    assertThat(out.path("generation").isLong()).isTrue();
  }

  @Test
  void managedFieldsCarryTheirJson() {
    Meta.ObjectMeta meta = Wire.meta("m").addManagedFields(Meta.ManagedFieldsEntry.newBuilder()
        .setManager("kubectl").setOperation("Update").setApiVersion("v1").setFieldsType("FieldsV1")
        .setTime(Meta.Time.newBuilder().setSeconds(1_704_164_645L))
        .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(utf8("{\"f:metadata\":{\"f:labels\":{}}}")))).build();

    assertThat(JSON.object(meta).path("managedFields")).isEqualTo(json("""
        [{'manager':'kubectl','operation':'Update','apiVersion':'v1','time':'2024-01-02T03:04:05Z',
          'fieldsType':'FieldsV1','fieldsV1':{'f:metadata':{'f:labels':{}}}}]"""));
  }

  /**
   * The shapes of Go's fields: value fields left out when zero, pointers kept at zero, value
   * fields without omitempty written when absent, embedded structs inlined.
   */
  @Test
  void goFieldShapesDecideWhatIsWritten() {
    V1.PodSpec spec = V1.PodSpec.newBuilder()
        .setHostNetwork(false)
        .setDnsPolicy("")
        .setTerminationGracePeriodSeconds(0)
        .setAutomountServiceAccountToken(false)
        .addContainers(V1.Container.newBuilder().setName("c").setImage("busybox")
            .addPorts(V1.ContainerPort.newBuilder().setProtocol("TCP"))
            .addEnv(V1.EnvVar.newBuilder().setName("FROM").setValueFrom(V1.EnvVarSource.newBuilder()
                .setConfigMapKeyRef(V1.ConfigMapKeySelector.newBuilder()
                    .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("cm")).setKey("k").setOptional(false))))
            .setLivenessProbe(V1.Probe.newBuilder().setHandler(V1.ProbeHandler.newBuilder()
                .setHttpGet(V1.HTTPGetAction.newBuilder().setPath("/").setPort(IntStr.IntOrString.newBuilder().setType(1).setStrVal("http"))))))
        .addVolumes(V1.Volume.newBuilder().setName("v").setVolumeSource(V1.VolumeSource.newBuilder()
            .setConfigMap(V1.ConfigMapVolumeSource.newBuilder().setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("cm"))
                .setDefaultMode(420))))
        .build();

    assertThat(JSON.object(spec)).isEqualTo(json("""
        {'volumes':[{'name':'v','configMap':{'name':'cm','defaultMode':420}}],
         'containers':[{'name':'c','image':'busybox','ports':[{'containerPort':0,'protocol':'TCP'}],
           'env':[{'name':'FROM','valueFrom':{'configMapKeyRef':{'name':'cm','key':'k','optional':false}}}],
           'livenessProbe':{'httpGet':{'path':'/','port':'http'}}}],
         'terminationGracePeriodSeconds':0,'automountServiceAccountToken':false}"""));
  }

  @Test
  void listsWithoutOmitemptyAreNullWhenEmpty() {
    assertThat(JSON.object(V1Rbac.ClusterRole.newBuilder().setMetadata(Wire.meta("r")).build()))
        .isEqualTo(json("{'metadata':{'name':'r'},'rules':null}"));
  }

  @Test
  void fieldsTheSchemaDoesNotKnowAreDropped() {
    V1.ConfigMap withUnknown = V1.ConfigMap.newBuilder().setMetadata(Wire.meta("c")).putData("a", "b")
        .setUnknownFields(UnknownFieldSet.newBuilder()
            .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(utf8("future")).build()).build())
        .build();

    ObjectNode out = BODIES.decode(Wire.envelope("v1", "ConfigMap", withUnknown));

    assertThat(out).isEqualTo(json("{'kind':'ConfigMap','apiVersion':'v1','metadata':{'name':'c'},'data':{'a':'b'}}"));
  }

  @Test
  void theLastOfRepeatedMapKeysWins() {
    ByteString first = V1.ConfigMap.newBuilder().putData("k", "first").build().toByteString();
    ByteString second = V1.ConfigMap.newBuilder().putData("k", "second").build().toByteString();

    ObjectNode out = BODIES.decode(Wire.envelope("v1", "ConfigMap", first.concat(second)));

    assertThat(out.path("data").path("k").asText()).isEqualTo("second");
  }

  @Test
  void aDeploymentAsGoWritesIt() {
    V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
        .setMetadata(Wire.meta("web").setNamespace("default").setCreationTimestamp(Meta.Time.getDefaultInstance()))
        .setSpec(V1Apps.DeploymentSpec.newBuilder()
            .setReplicas(0)
            .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web")
                .addMatchExpressions(Meta.LabelSelectorRequirement.newBuilder().setKey("tier").setOperator("Exists")))
            .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                    .setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%"))
                    .setMaxUnavailable(IntStr.IntOrString.newBuilder().setIntVal(0))))
            .setTemplate(V1.PodTemplateSpec.newBuilder()
                .setMetadata(Wire.meta("").putLabels("app", "web").setCreationTimestamp(Meta.Time.getDefaultInstance()))
                .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder().setName("nginx").setImage("nginx")
                    .setResources(V1.ResourceRequirements.newBuilder()
                        .putLimits("memory", Resource.Quantity.newBuilder().setString("128Mi").build()))))))
        .setStatus(V1Apps.DeploymentStatus.getDefaultInstance())
        .build();

    ObjectNode out = BODIES.decode(Wire.envelope("apps/v1", "Deployment", deployment));

    assertThat(out).isEqualTo(json("""
        {'kind':'Deployment','apiVersion':'apps/v1',
         'metadata':{'name':'web','namespace':'default','creationTimestamp':null},
         'spec':{'replicas':0,
           'selector':{'matchLabels':{'app':'web'},'matchExpressions':[{'key':'tier','operator':'Exists'}]},
           'template':{'metadata':{'creationTimestamp':null,'labels':{'app':'web'}},
             'spec':{'containers':[{'name':'nginx','image':'nginx','resources':{'limits':{'memory':'128Mi'}}}]}},
           'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':0,'maxSurge':'25%'}}},
         'status':{}}"""));
  }
}
