package dev.ketch.apiserver.fieldmanager.structured;

import static dev.ketch.apiserver.fieldmanager.Yaml.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldSet;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldsV1;
import dev.ketch.apiserver.fieldmanager.schema.TypeNode;
import dev.ketch.apiserver.fieldmanager.schema.TypeSchemas;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The structured operations over the built-in schemas: which fields an object sets, how a
 * configuration merges into a live object, what a comparison finds, and what removal leaves.
 */
class StructuredTest {

  private static final TypeSchemas SCHEMAS = TypeSchemas.builtIn();

  private static TypeNode schema(Class<?> type) {
    return SCHEMAS.forClass(type);
  }

  private static FieldSet fields(String yaml) {
    try {
      return FieldsV1.decode(tree(yaml));
    } catch (FieldsV1.MalformedException e) {
      throw new AssertionError(e);
    }
  }

  static Stream<Arguments> fieldSets() {
    return Stream.of(
        Arguments.of("scalars and a granular map", ConfigMap.class,
            "{metadata: {name: c, labels: {a: x}}, data: {k: v, j: w}}",
            "{f:metadata: {f:name: {}, f:labels: {f:a: {}}}, f:data: {f:k: {}, f:j: {}}}"),
        Arguments.of("map-list elements own themselves and their fields; defaulted keys", Pod.class,
            "{spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}}",
            "{f:spec: {f:containers: {'k:{\"name\":\"c\"}': {.: {}, f:name: {}, f:image: {},"
                + " f:ports: {'k:{\"containerPort\":80,\"protocol\":\"TCP\"}': {.: {}, f:containerPort: {}}}}}}}"),
        Arguments.of("atomic structs, maps and lists are leaves", Pod.class,
            "{spec: {nodeSelector: {disk: ssd}, tolerations: [{key: k}], containers: [{name: c, args: [a, b],"
                + " env: [{name: E, valueFrom: {fieldRef: {fieldPath: x}}}]}]}}",
            "{f:spec: {f:nodeSelector: {}, f:tolerations: {}, f:containers: {'k:{\"name\":\"c\"}': {.: {}, f:name: {}, f:args: {},"
                + " f:env: {'k:{\"name\":\"E\"}': {.: {}, f:name: {}, f:valueFrom: {f:fieldRef: {}}}}}}}}"),
        Arguments.of("a label selector is atomic", Deployment.class,
            "{spec: {selector: {matchLabels: {a: b}}, replicas: 1}}", "{f:spec: {f:selector: {}, f:replicas: {}}}"),
        Arguments.of("sets own their values", Node.class,
            "{metadata: {finalizers: [a, b]}, spec: {podCIDRs: [10.0.0.0/24]}}",
            "{f:metadata: {f:finalizers: {'v:\"a\"': {}, 'v:\"b\"': {}}}, f:spec: {f:podCIDRs: {'v:\"10.0.0.0/24\"': {}}}}"),
        Arguments.of("service ports by port and protocol", Service.class,
            "{spec: {ports: [{port: 53, protocol: UDP}, {port: 53}], selector: {app: dns}}}",
            "{f:spec: {f:selector: {}, f:ports: {'k:{\"port\":53,\"protocol\":\"UDP\"}': {.: {}, f:port: {}, f:protocol: {}},"
                + " 'k:{\"port\":53,\"protocol\":\"TCP\"}': {.: {}, f:port: {}}}}}"),
        Arguments.of("free-form values merge as maps", ControllerRevision.class,
            "{revision: 1, data: {spec: {x: 1}}}", "{f:revision: {}, f:data: {f:spec: {.: {}, f:x: {}}}}"),
        Arguments.of("an empty map list owns nothing, a null scalar is owned", Pod.class,
            "{spec: {containers: [], hostname: null}}", "{f:spec: {f:hostname: {}}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fieldSets")
  void ownsWhatAnObjectSets(String name, Class<?> type, String object, String expected) {
    assertThat(FieldSets.of(schema(type), tree(object))).isEqualTo(fields(expected));
  }

  static Stream<Arguments> invalidObjects() {
    return Stream.of(
        Arguments.of(Deployment.class, "{spec: {foo: 1}}", ".spec.foo: field not declared in schema"),
        Arguments.of(Pod.class, "{spec: {containers: [{image: x}]}}",
            ".spec.containers: element 0: associative list with keys has an element that omits key field \"name\" (and doesn't have default value)"),
        Arguments.of(Pod.class, "{spec: {containers: [{name: a}, {name: a}]}}", ".spec.containers: duplicate entries for key [name=\"a\"]"),
        Arguments.of(Pod.class, "{spec: {containers: {name: a}}}", ".spec.containers: expected list, got map"),
        Arguments.of(Node.class, "{spec: {podCIDRs: [{a: b}]}}",
            ".spec.podCIDRs: element 0: associative list without keys has an element that's a map type"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("invalidObjects")
  void refusesObjectsThatDoNotFit(Class<?> type, String object, String message) {
    assertThatThrownBy(() -> FieldSets.of(schema(type), tree(object))).isInstanceOf(ValueException.class).hasMessage(message);
  }

  static Stream<Arguments> merges() {
    return Stream.of(
        Arguments.of("scalars of the configuration win, others stay", ConfigMap.class,
            "{data: {a: '1', b: '2'}}", "{data: {b: '3', c: '4'}}", "{data: {a: '1', b: '3', c: '4'}}"),
        Arguments.of("atomic lists are replaced", Pod.class,
            "{spec: {containers: [{name: c, args: [a, b]}]}}", "{spec: {containers: [{name: c, args: [z]}]}}",
            "{spec: {containers: [{name: c, args: [z]}]}}"),
        Arguments.of("atomic structs are replaced", Deployment.class,
            "{spec: {selector: {matchLabels: {a: b}, matchExpressions: [{key: k, operator: Exists}]}}}",
            "{spec: {selector: {matchLabels: {c: d}}}}", "{spec: {selector: {matchLabels: {c: d}}}}"),
        Arguments.of("map-list elements merge by key, live-only elements stay in place", Pod.class,
            "{spec: {containers: [{name: a, image: x}, {name: b, image: y}, {name: c, image: z}]}}",
            "{spec: {containers: [{name: c, image: Z}, {name: a, tty: true}]}}",
            "{spec: {containers: [{name: b, image: y}, {name: c, image: Z}, {name: a, image: x, tty: true}]}}"),
        Arguments.of("new elements come in the configuration's order", Pod.class,
            "{spec: {containers: [{name: a}]}}", "{spec: {containers: [{name: n}, {name: a}, {name: m}]}}",
            "{spec: {containers: [{name: n}, {name: a}, {name: m}]}}"),
        Arguments.of("a defaulted key matches an element that names it", Pod.class,
            "{spec: {containers: [{name: a, ports: [{containerPort: 80, protocol: TCP, name: http}]}]}}",
            "{spec: {containers: [{name: a, ports: [{containerPort: 80, hostPort: 8080}]}]}}",
            "{spec: {containers: [{name: a, ports: [{containerPort: 80, protocol: TCP, name: http, hostPort: 8080}]}]}}"),
        Arguments.of("sets are unions, shared elements in the configuration's order", Node.class,
            "{metadata: {finalizers: [a, b]}}", "{metadata: {finalizers: [c, a]}}", "{metadata: {finalizers: [c, a, b]}}"),
        Arguments.of("a null in the configuration of a granular map changes nothing", ConfigMap.class,
            "{data: {a: '1'}}", "{data: null}", "{data: {a: '1'}}"),
        Arguments.of("into nothing", ConfigMap.class, null, "{data: {a: '1'}}", "{data: {a: '1'}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("merges")
  void mergesAConfigurationIntoTheLiveObject(String name, Class<?> type, String live, String config, String expected) {
    JsonNode liveTree = live == null ? null : tree(live);
    JsonNode before = liveTree == null ? null : liveTree.deepCopy();
    assertThat(Merge.of(schema(type), liveTree, tree(config))).isEqualTo(tree(expected));
    assertThat(liveTree).as("the live object is not changed").isEqualTo(before);
  }

  static Stream<Arguments> comparisons() {
    return Stream.of(
        Arguments.of("a changed scalar", Deployment.class, "{spec: {replicas: 1}}", "{spec: {replicas: 2}}",
            "{}", "{f:spec: {f:replicas: {}}}", "{}"),
        Arguments.of("a new map is itself added", ConfigMap.class, "{data: {}}", "{metadata: {labels: {a: b}}}",
            "{f:data: {}}", "{}", "{f:metadata: {.: {}, f:labels: {.: {}, f:a: {}}}}"),
        Arguments.of("elements added and removed by key", Pod.class,
            "{spec: {containers: [{name: a, image: x}]}}", "{spec: {containers: [{name: b, image: x}]}}",
            "{f:spec: {f:containers: {'k:{\"name\":\"a\"}': {.: {}, f:name: {}, f:image: {}}}}}", "{}",
            "{f:spec: {f:containers: {'k:{\"name\":\"b\"}': {.: {}, f:name: {}, f:image: {}}}}}"),
        Arguments.of("numbers equal in value are the same", Pod.class,
            "{spec: {terminationGracePeriodSeconds: 30}}", "{spec: {terminationGracePeriodSeconds: 30.0}}", "{}", "{}", "{}"),
        Arguments.of("an atomic value changes as a whole", Deployment.class,
            "{spec: {selector: {matchLabels: {a: b}}}}", "{spec: {selector: {matchLabels: {a: c}}}}",
            "{}", "{f:spec: {f:selector: {}}}", "{}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("comparisons")
  void comparesVersionsOfAnObject(String name, Class<?> type, String from, String to, String removed, String modified, String added) {
    Comparison c = Comparison.of(schema(type), tree(from), tree(to));
    assertThat(c.removed()).as("removed").isEqualTo(fields(removed));
    assertThat(c.modified()).as("modified").isEqualTo(fields(modified));
    assertThat(c.added()).as("added").isEqualTo(fields(added));
  }

  static Stream<Arguments> removals() {
    return Stream.of(
        Arguments.of("a scalar", ConfigMap.class, "{data: {a: '1', b: '2'}}", "{f:data: {f:a: {}}}", "{data: {b: '2'}}"),
        Arguments.of("an element by key, with what is under it", Pod.class,
            "{spec: {containers: [{name: a, image: x}, {name: b}]}}", "{f:spec: {f:containers: {'k:{\"name\":\"a\"}': {}}}}",
            "{spec: {containers: [{name: b}]}}"),
        Arguments.of("a container left empty disappears", ConfigMap.class, "{metadata: {name: n}, data: {a: '1'}}",
            "{f:data: {f:a: {}}}", "{metadata: {name: n}}"),
        Arguments.of("a set element", Node.class, "{metadata: {finalizers: [a, b]}}", "{f:metadata: {f:finalizers: {'v:\"a\"': {}}}}",
            "{metadata: {finalizers: [b]}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("removals")
  void removesFields(String name, Class<?> type, String object, String remove, String expected) {
    assertThat(Removal.removeItems(schema(type), tree(object), fields(remove))).isEqualTo(tree(expected));
  }
}
