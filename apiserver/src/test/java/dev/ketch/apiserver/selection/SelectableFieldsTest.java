package dev.ketch.apiserver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectableFieldsTest {

  private static final ResourceCatalog CATALOG = ResourceCatalog.builtIn();

  private static SelectableFields fields(String apiVersion, String plural) {
    ResourceType type = CATALOG.byResource(GroupVersion.parse(apiVersion), plural).orElseThrow();
    return SelectableFields.forResource(type);
  }

  private static JsonNode json(String text) {
    return Json.tree(text.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        arguments("v1", "pods", "spec.nodeName=n1,status.phase!=Running", "spec.nodeName=n1,status.phase!=Running"),
        arguments("v1", "pods", "spec.host=n1", "spec.nodeName=n1"),
        arguments("v1", "pods", "spec.restartPolicy=Never,spec.schedulerName=s,spec.serviceAccountName=sa,spec.hostNetwork=true",
            "spec.hostNetwork=true,spec.restartPolicy=Never,spec.schedulerName=s,spec.serviceAccountName=sa"),
        arguments("v1", "pods", "status.podIP=10.0.0.1,status.podIPs=10.0.0.1,status.nominatedNodeName=n2",
            "status.nominatedNodeName=n2,status.podIP=10.0.0.1,status.podIPs=10.0.0.1"),
        arguments("v1", "pods", "metadata.name=web,metadata.namespace=default", "metadata.name=web,metadata.namespace=default"),
        arguments("v1", "events", "involvedObject.kind=Pod,involvedObject.name=web,involvedObject.namespace=d,involvedObject.uid=u,"
            + "involvedObject.apiVersion=v1,involvedObject.resourceVersion=7,involvedObject.fieldPath=f,reason=Pulled,"
            + "reportingComponent=kubelet,source=kubelet,type=Normal",
            "involvedObject.apiVersion=v1,involvedObject.fieldPath=f,involvedObject.kind=Pod,involvedObject.name=web,"
                + "involvedObject.namespace=d,involvedObject.resourceVersion=7,involvedObject.uid=u,reason=Pulled,"
                + "reportingComponent=kubelet,source=kubelet,type=Normal"),
        arguments("events.k8s.io/v1", "events", "regarding.kind=Pod,reportingController=kubelet,type=Warning",
            "involvedObject.kind=Pod,reportingComponent=kubelet,type=Warning"),
        arguments("v1", "nodes", "spec.unschedulable=true,metadata.name=n1", "metadata.name=n1,spec.unschedulable=true"),
        arguments("v1", "namespaces", "status.phase=Active", "status.phase=Active"),
        arguments("v1", "secrets", "type=kubernetes.io/tls", "type=kubernetes.io/tls"),
        arguments("v1", "services", "spec.clusterIP=None,spec.type=NodePort", "spec.clusterIP=None,spec.type=NodePort"),
        arguments("v1", "replicationcontrollers", "status.replicas=0", "status.replicas=0"),
        arguments("batch/v1", "jobs", "status.successful=1", "status.successful=1"),
        arguments("apps/v1", "deployments", "metadata.namespace!=kube-system", "metadata.namespace!=kube-system"),
        arguments("storage.k8s.io/v1", "storageclasses", "metadata.namespace=x", "metadata.namespace=x"));
  }

  @ParameterizedTest(name = "{1}.{0}: \"{2}\"")
  @MethodSource("accepted")
  void acceptsUpstreamLabelsAndConvertsAliases(String apiVersion, String plural, String text, String converted) {
    assertThat(fields(apiVersion, plural).parse(text).toString()).isEqualTo(converted);
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        arguments("v1", "pods", "status.hostIP=1.2.3.4", "field label not supported: status.hostIP"),
        arguments("v1", "pods", "spec.containers=x", "field label not supported: spec.containers"),
        arguments("v1", "nodes", "metadata.namespace=x", "field label not supported: metadata.namespace"),
        arguments("v1", "namespaces", "metadata.namespace=x", "field label not supported: metadata.namespace"),
        arguments("v1", "events", "regarding.kind=Pod", "field label not supported: regarding.kind"),
        arguments("events.k8s.io/v1", "events", "involvedObject.kind=Pod", "field label not supported: involvedObject.kind"),
        arguments("batch/v1", "jobs", "status.failed=1", "field label \"status.failed\" not supported for Job"),
        arguments("apps/v1", "deployments", "spec.replicas=1",
            "\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""),
        arguments("apps/v1", "replicasets", "status.replicas=1",
            "\"status.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""),
        arguments("networking.k8s.io/v1", "ingresses", "foo.bar=baz",
            "\"foo.bar\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""),
        arguments("v1", "pods", "b.unknown=1,a.unknown=1", "field label not supported: a.unknown"),
        arguments("v1", "pods", "spec.nodeName", "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'"));
  }

  @ParameterizedTest(name = "{1}.{0}: \"{2}\"")
  @MethodSource("rejected")
  void refusesUnsupportedLabelsWithEachKindsWording(String apiVersion, String plural, String text, String message) {
    assertThatThrownBy(() -> fields(apiVersion, plural).parse(text))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessage(message);
  }

  static Stream<Arguments> extraction() {
    return Stream.of(
        arguments("pod with podIPs only and no hostNetwork", "v1", "pods",
            "{'metadata':{'name':'web','namespace':'shop'},'spec':{'nodeName':'n1','restartPolicy':'Always',"
                + "'schedulerName':'default-scheduler','serviceAccountName':'default'},"
                + "'status':{'phase':'Running','podIPs':[{'ip':'10.0.0.7'},{'ip':'fd00::7'}],'nominatedNodeName':'n2'}}",
            Map.of("metadata.name", "web", "metadata.namespace", "shop", "spec.nodeName", "n1", "spec.restartPolicy", "Always",
                "spec.schedulerName", "default-scheduler", "spec.serviceAccountName", "default", "spec.hostNetwork", "false",
                "status.phase", "Running", "status.podIP", "10.0.0.7", "status.nominatedNodeName", "n2")),
        arguments("pending pod: zero values", "v1", "pods", "{'metadata':{'name':'p','namespace':'d'},'spec':{'hostNetwork':true}}",
            Map.of("metadata.name", "p", "metadata.namespace", "d", "spec.nodeName", "", "spec.restartPolicy", "",
                "spec.schedulerName", "", "spec.serviceAccountName", "", "spec.hostNetwork", "true", "status.phase", "",
                "status.podIP", "", "status.nominatedNodeName", "")),
        arguments("cordoned node", "v1", "nodes", "{'metadata':{'name':'n1'},'spec':{'unschedulable':true}}",
            Map.of("metadata.name", "n1", "spec.unschedulable", "true")),
        arguments("schedulable node", "v1", "nodes", "{'metadata':{'name':'n1'}}",
            Map.of("metadata.name", "n1", "spec.unschedulable", "false")),
        arguments("namespace", "v1", "namespaces", "{'metadata':{'name':'ns'},'status':{'phase':'Terminating'}}",
            Map.of("metadata.name", "ns", "status.phase", "Terminating")),
        arguments("secret", "v1", "secrets", "{'metadata':{'name':'s','namespace':'d'},'type':'Opaque'}",
            Map.of("metadata.name", "s", "metadata.namespace", "d", "type", "Opaque")),
        arguments("service", "v1", "services", "{'metadata':{'name':'s','namespace':'d'},'spec':{'clusterIP':'10.96.0.1','type':'ClusterIP'}}",
            Map.of("metadata.name", "s", "metadata.namespace", "d", "spec.clusterIP", "10.96.0.1", "spec.type", "ClusterIP")),
        arguments("replication controller without status", "v1", "replicationcontrollers", "{'metadata':{'name':'rc','namespace':'d'}}",
            Map.of("metadata.name", "rc", "metadata.namespace", "d", "status.replicas", "0")),
        arguments("job reads status.succeeded", "batch/v1", "jobs",
            "{'metadata':{'name':'j','namespace':'d'},'status':{'succeeded':2}}",
            Map.of("metadata.name", "j", "metadata.namespace", "d", "status.successful", "2")),
        arguments("core event, source from reportingComponent", "v1", "events",
            "{'metadata':{'name':'e','namespace':'d'},'involvedObject':{'kind':'Pod','name':'web','namespace':'d','uid':'u1',"
                + "'apiVersion':'v1','resourceVersion':'5','fieldPath':'spec.containers{app}'},'reason':'Started',"
                + "'reportingComponent':'kubelet','type':'Normal'}",
            Map.ofEntries(Map.entry("metadata.name", "e"), Map.entry("metadata.namespace", "d"),
                Map.entry("involvedObject.kind", "Pod"), Map.entry("involvedObject.namespace", "d"),
                Map.entry("involvedObject.name", "web"), Map.entry("involvedObject.uid", "u1"),
                Map.entry("involvedObject.apiVersion", "v1"), Map.entry("involvedObject.resourceVersion", "5"),
                Map.entry("involvedObject.fieldPath", "spec.containers{app}"), Map.entry("reason", "Started"),
                Map.entry("reportingComponent", "kubelet"), Map.entry("source", "kubelet"), Map.entry("type", "Normal"))),
        arguments("events.k8s.io event, canonical keys", "events.k8s.io/v1", "events",
            "{'metadata':{'name':'e','namespace':'d'},'regarding':{'kind':'Node','name':'n1'},'reason':'Rebooted',"
                + "'reportingController':'kubelet','deprecatedSource':{'component':'old'},'type':'Warning'}",
            Map.ofEntries(Map.entry("metadata.name", "e"), Map.entry("metadata.namespace", "d"), Map.entry("reason", "Rebooted"),
                Map.entry("source", "old"), Map.entry("type", "Warning"), Map.entry("involvedObject.kind", "Node"),
                Map.entry("involvedObject.namespace", ""), Map.entry("involvedObject.name", "n1"),
                Map.entry("involvedObject.uid", ""), Map.entry("involvedObject.apiVersion", ""),
                Map.entry("involvedObject.resourceVersion", ""), Map.entry("involvedObject.fieldPath", ""),
                Map.entry("reportingComponent", "kubelet"))),
        arguments("namespaced kind without its own fields", "apps/v1", "deployments",
            "{'metadata':{'name':'d1','namespace':'shop'},'spec':{'replicas':3}}",
            Map.of("metadata.name", "d1", "metadata.namespace", "shop")),
        arguments("cluster-scoped kind without its own fields", "storage.k8s.io/v1", "storageclasses",
            "{'metadata':{'name':'standard'}}", Map.of("metadata.name", "standard")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("extraction")
  void extractsFieldValuesFromStoredJson(String name, String apiVersion, String plural, String object, Map<String, String> expected) {
    SelectableFields fields = fields(apiVersion, plural);
    Map<String, String> extracted = fields.extract(json(object));
    assertThat(extracted).isEqualTo(expected);
    assertThat(extracted.keySet()).isEqualTo(fields.fieldNames());
  }

  static Stream<Arguments> objectMatching() {
    String pod = "{'metadata':{'name':'web','namespace':'shop'},'status':{'podIP':'10.0.0.7','podIPs':[{'ip':'10.0.0.7'}]}}";
    return Stream.of(
        arguments("podIP matches", pod, "status.podIP=10.0.0.7", true),
        arguments("podIPs is accepted but never matches a value", pod, "status.podIPs=10.0.0.7", false),
        arguments("podIPs reads as empty", pod, "status.podIPs=", true),
        arguments("alias spec.host", pod, "spec.host=", true),
        arguments("name and namespace", pod, "metadata.name=web,metadata.namespace=shop", true),
        arguments("other namespace", pod, "metadata.namespace=kube-system", false));
  }

  @ParameterizedTest(name = "{0}: \"{2}\" -> {3}")
  @MethodSource("objectMatching")
  void matchesObjects(String name, String object, String selector, boolean expected) {
    SelectableFields fields = fields("v1", "pods");
    assertThat(fields.matches(fields.parse(selector), json(object))).isEqualTo(expected);
  }

  @Test
  void clusterScopedKindSelectsNothingInANamespace() {
    SelectableFields fields = fields("storage.k8s.io/v1", "storageclasses");
    JsonNode sc = json("{'metadata':{'name':'standard'}}");
    assertThat(fields.matches(fields.parse("metadata.namespace=default"), sc)).isFalse();
    assertThat(fields.matches(fields.parse("metadata.namespace="), sc)).isTrue();
    assertThat(fields.acceptedLabels()).containsExactly("metadata.name", "metadata.namespace");
  }

  @Test
  void selectionCombinesLabelsAndFieldsOverAttributesReadOnce() {
    SelectableFields fields = fields("v1", "pods");
    var pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").addToLabels("app", "web").endMetadata()
        .withNewSpec().withNodeName("n1").endSpec().build();
    ObjectAttributes attributes = ObjectAttributes.of(Json.toTree(pod), fields);
    assertThat(attributes.labels()).isEqualTo(Map.of("app", "web"));
    assertThat(attributes.fields()).containsEntry("spec.nodeName", "n1").isEqualTo(fields.extract(pod));
    assertThat(Selection.parse("app=web", "spec.nodeName=n1", fields).matches(attributes)).isTrue();
    assertThat(Selection.parse("app=web", "spec.nodeName=n2", fields).matches(attributes)).isFalse();
    assertThat(Selection.parse("app!=web", null, fields).matches(attributes)).isFalse();
    assertThat(Selection.parse(null, "", fields).isEverything()).isTrue();
    assertThat(Selection.everything().matches(attributes)).isTrue();
  }
}
