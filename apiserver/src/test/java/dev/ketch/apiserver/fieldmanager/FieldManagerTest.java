package dev.ketch.apiserver.fieldmanager;

import static dev.ketch.apiserver.fieldmanager.Yaml.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldPath;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldSet;
import dev.ketch.apiserver.fieldmanager.schema.TypeSchemas;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field manager's layers over whole objects: updates, applies, conflicts, pruning, bookkeeping. */
class FieldManagerTest {

  private Instant now = Instant.parse("2025-01-01T10:00:00Z");
  private final FieldManager manager = new FieldManager(TypeSchemas.builtIn(), () -> now);
  private static final FieldManager.Scope DEPLOYMENTS = new FieldManager.Scope(
      "apps/v1", "Deployment", ObjectVersions.single("apps/v1", Deployment.class), "", FieldSet.of(FieldPath.fields("status")));
  private static final FieldManager.Scope DEPLOYMENT_STATUS = new FieldManager.Scope(
      "apps/v1", "Deployment", ObjectVersions.single("apps/v1", Deployment.class), "status", FieldSet.of(FieldPath.fields("spec")));

  static final String CONFIG = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: ns, labels: {app: web}}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: nginx
              image: nginx:1.25
              ports: [{containerPort: 80}]
      """;

  /** The object as the store would have it after a write: uid and the like set. */
  private static ObjectNode stored(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    ((ObjectNode) copy.get("metadata")).put("uid", "u-1").put("resourceVersion", "7");
    return copy;
  }

  private static JsonNode entries(JsonNode object) {
    return object.path("metadata").path("managedFields");
  }

  private static List<String> managers(JsonNode object) {
    List<String> out = new ArrayList<>();
    entries(object).forEach(e -> out.add(e.path("manager").asText() + "/" + e.path("operation").asText()
        + (e.has("subresource") ? "/" + e.path("subresource").asText() : "")));
    return out;
  }

  private static JsonNode fieldsOf(JsonNode object, String manager) {
    for (JsonNode e : entries(object)) {
      if (e.path("manager").asText().equals(manager)) {
        return e.path("fieldsV1");
      }
    }
    throw new AssertionError("no entry for " + manager + " in " + entries(object));
  }

  @Test
  void applyThatCreatesOwnsWhatTheConfigurationSets() {
    ObjectNode created = manager.apply(DEPLOYMENTS, null, object(CONFIG), "kubectl", false);

    assertThat(managers(created)).containsExactly("kubectl/Apply");
    JsonNode entry = entries(created).get(0);
    assertThat(entry.path("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(entry.path("time").asText()).isEqualTo("2025-01-01T10:00:00Z");
    assertThat(entry.path("fieldsType").asText()).isEqualTo("FieldsV1");
    assertThat(entry.path("fieldsV1")).isEqualTo(object("""
        f:metadata: {f:labels: {f:app: {}}}
        f:spec:
          f:replicas: {}
          f:selector: {}
          f:template:
            f:metadata: {f:labels: {f:app: {}}}
            f:spec:
              f:containers:
                'k:{"name":"nginx"}':
                  .: {}
                  f:image: {}
                  f:name: {}
                  f:ports:
                    'k:{"containerPort":80,"protocol":"TCP"}':
                      .: {}
                      f:containerPort: {}
        """));
    assertThat(created.path("spec").path("replicas").asInt()).isEqualTo(2);
  }

  @Test
  void createRecordsAnUpdateOwningEverythingItSet() {
    ObjectNode next = object(CONFIG);

    manager.update(DEPLOYMENTS, null, next, "kubectl-create");

    assertThat(managers(next)).containsExactly("kubectl-create/Update");
    JsonNode fields = fieldsOf(next, "kubectl-create");
    assertThat(fields.path("f:metadata").path("f:labels")).isEqualTo(object("{.: {}, f:app: {}}"));
    assertThat(fields.path("f:spec").path("f:template").path("f:spec").path("f:containers")
        .path("k:{\"name\":\"nginx\"}").path("f:ports").path("k:{\"containerPort\":80,\"protocol\":\"TCP\"}"))
        .isEqualTo(object("{.: {}, f:containerPort: {}}"));
    assertThat(fields.has("f:apiVersion")).isFalse();
    assertThat(fields.path("f:metadata").has("f:name")).isFalse();
  }

  @Test
  void reapplyingTheSameConfigurationChangesNothing() {
    ObjectNode live = stored(manager.apply(DEPLOYMENTS, null, object(CONFIG), "kubectl", false));
    now = now.plusSeconds(60);

    ObjectNode again = manager.apply(DEPLOYMENTS, live, object(CONFIG), "kubectl", false);

    assertThat(again).isEqualTo(live);
  }

  @Test
  void anUpdateTakesOwnershipAndTheNextApplyConflicts() {
    ObjectNode live = stored(manager.apply(DEPLOYMENTS, null, object(CONFIG), "kubectl", false));
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.get("spec")).put("replicas", 5);
    manager.update(DEPLOYMENTS, live, edited, "kubectl-edit");
    assertThat(managers(edited)).containsExactly("kubectl/Apply", "kubectl-edit/Update");
    assertThat(fieldsOf(edited, "kubectl-edit")).isEqualTo(object("{f:spec: {f:replicas: {}}}"));
    assertThat(fieldsOf(edited, "kubectl").path("f:spec").has("f:replicas")).isFalse();

    ObjectNode config = object(CONFIG);
    ((ObjectNode) config.get("spec")).put("replicas", 3);
    StatusException conflict = catchThrowableOfType(StatusException.class,
        () -> manager.apply(DEPLOYMENTS, stored(edited), config, "kubectl", false));

    assertThat(conflict.code()).isEqualTo(409);
    assertThat(conflict.getMessage())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas");
    assertThat(conflict.causes()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo("FieldManagerConflict");
      assertThat(c.message()).isEqualTo("conflict with \"kubectl-edit\" using apps/v1");
      assertThat(c.field()).isEqualTo(".spec.replicas");
    });

    ObjectNode forced = manager.apply(DEPLOYMENTS, stored(edited), config, "kubectl", true);
    assertThat(forced.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(managers(forced)).containsExactly("kubectl/Apply");
  }
}
