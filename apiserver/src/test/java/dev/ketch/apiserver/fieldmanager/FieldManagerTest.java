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

  @Test
  void fieldsAnApplierStopsApplyingAreRemovedUnlessOthersOwnThem() {
    ObjectNode live = stored(manager.apply(DEPLOYMENTS, null, object(CONFIG), "kubectl", false));
    ObjectNode labelled = live.deepCopy();
    ((ObjectNode) labelled.path("metadata").path("labels")).put("team", "a");
    manager.update(DEPLOYMENTS, live, labelled, "kubectl-label");

    ObjectNode config = object(CONFIG);
    ((ObjectNode) config.path("metadata")).remove("labels");
    ((ObjectNode) config.path("spec")).remove("replicas");
    ObjectNode applied = manager.apply(DEPLOYMENTS, stored(labelled), config, "kubectl", false);

    assertThat(applied.path("spec").has("replicas")).as("owned by the applier alone: removed").isFalse();
    assertThat(applied.path("metadata").path("labels")).as("app removed, team kept").isEqualTo(object("{team: a}"));
  }

  @Test
  void appliersOfTheSameValueShareItWithoutConflict() {
    ObjectNode live = stored(manager.apply(DEPLOYMENTS, null, object(CONFIG), "kubectl", false));
    ObjectNode shared = stored(manager.apply(DEPLOYMENTS, live, object(CONFIG), "gitops", false));
    assertThat(managers(shared)).containsExactly("gitops/Apply", "kubectl/Apply");

    ObjectNode config = object(CONFIG);
    ((ObjectNode) config.path("spec")).remove("replicas");
    ObjectNode dropped = manager.apply(DEPLOYMENTS, shared, config, "kubectl", false);
    assertThat(dropped.path("spec").path("replicas").asInt()).as("still applied by gitops").isEqualTo(2);
  }

  @Test
  void conflictsWithSeveralManagersAreListedByManager() {
    ObjectNode live = stored(manager.apply(DEPLOYMENTS, null, object(CONFIG), "kubectl", false));
    ObjectNode next = live.deepCopy();
    ((ObjectNode) next.get("spec")).put("replicas", 7);
    manager.update(DEPLOYMENTS, live, next, "hpa");
    ObjectNode config = object(CONFIG);
    ((ObjectNode) config.get("spec")).put("replicas", 1);
    ((ObjectNode) config.path("spec").path("template").path("spec").path("containers").get(0)).put("image", "nginx:2");

    StatusException e = catchThrowableOfType(StatusException.class, () -> manager.apply(DEPLOYMENTS, stored(next), config, "other", false));

    assertThat(e.getMessage()).isEqualTo("""
        Apply failed with 2 conflicts: conflicts with "hpa" using apps/v1:
        - .spec.replicas
        conflicts with "kubectl":
        - .spec.template.spec.containers[name="nginx"].image""");
    assertThat(e.causes()).extracting(c -> c.field())
        .containsExactly(".spec.replicas", ".spec.template.spec.containers[name=\"nginx\"].image");
  }

  @Test
  void statusThroughTheObjectIsNotOwnedAndTheStatusSubresourceOwnsOnlyStatus() {
    ObjectNode config = object(CONFIG);
    config.putObject("status").put("replicas", 9);
    ObjectNode created = manager.apply(DEPLOYMENTS, null, config, "kubectl", false);
    assertThat(fieldsOf(created, "kubectl").has("f:status")).isFalse();

    ObjectNode statusConfig = object("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 50},"
        + " status: {replicas: 2, readyReplicas: 1}}");
    ObjectNode withStatus = manager.apply(DEPLOYMENT_STATUS, stored(created), statusConfig, "controller", false);
    JsonNode entry = null;
    for (JsonNode e : entries(withStatus)) {
      if (e.path("manager").asText().equals("controller")) {
        entry = e;
      }
    }
    assertThat(entry).isNotNull();
    assertThat(entry.path("subresource").asText()).isEqualTo("status");
    assertThat(entry.path("fieldsV1")).isEqualTo(object("{f:status: {f:replicas: {}, f:readyReplicas: {}}}"));
  }

  @Test
  void theFirstApplyToAnUntrackedObjectGivesWhatItHeldToBeforeFirstApply() {
    ObjectNode untracked = stored(object(CONFIG));
    ObjectNode updated = untracked.deepCopy();
    ((ObjectNode) updated.get("spec")).put("replicas", 4);
    manager.update(DEPLOYMENTS, untracked, updated, "kubectl-edit");
    assertThat(updated.path("metadata").has("managedFields")).as("updates do not start tracking").isFalse();

    ObjectNode config = object(CONFIG);
    ((ObjectNode) config.get("spec")).put("replicas", 6);
    StatusException e = catchThrowableOfType(StatusException.class, () -> manager.apply(DEPLOYMENTS, stored(updated), config, "ci", false));
    assertThat(e.getMessage()).isEqualTo(
        "Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: .spec.replicas");

    ObjectNode forced = manager.apply(DEPLOYMENTS, stored(updated), config, "ci", true);
    assertThat(managers(forced)).containsExactly("ci/Apply", "before-first-apply/Update");
  }

  @Test
  void clientsMayClearManagedFieldsButNotThroughSubresources() {
    ObjectNode live = stored(manager.apply(DEPLOYMENTS, null, object(CONFIG), "kubectl", false));
    ObjectNode cleared = live.deepCopy();
    ((ObjectNode) cleared.get("metadata")).putArray("managedFields").addObject();
    manager.update(DEPLOYMENTS, live, cleared, "kubectl-edit");
    assertThat(cleared.path("metadata").has("managedFields")).isFalse();

    ObjectNode viaStatus = live.deepCopy();
    ((ObjectNode) viaStatus.get("metadata")).putArray("managedFields");
    viaStatus.putObject("status").put("replicas", 1);
    manager.update(DEPLOYMENT_STATUS, live, viaStatus, "controller");
    assertThat(managers(viaStatus)).containsExactly("kubectl/Apply", "controller/Update/status");
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheTimes() {
    ObjectNode live = object(CONFIG);
    manager.update(DEPLOYMENTS, null, live, "kubectl-create");
    ObjectNode stored = stored(live);
    now = now.plusSeconds(3600);

    ObjectNode same = stored.deepCopy();
    manager.update(DEPLOYMENTS, stored, same, "kubectl-edit");

    assertThat(same).isEqualTo(stored);
  }

  @Test
  void atMostTenUpdateEntriesAreKept() {
    ObjectNode live = stored(manager.apply(DEPLOYMENTS, null, object(CONFIG), "kubectl", false));
    for (int i = 0; i < 11; i++) {
      now = now.plusSeconds(1);
      ObjectNode next = live.deepCopy();
      ((ObjectNode) next.path("metadata").path("labels")).put("l" + i, "v");
      manager.update(DEPLOYMENTS, live, next, "writer-" + i);
      live = stored(next);
    }
    assertThat(managers(live)).hasSize(11).contains("kubectl/Apply", "ancient-changes/Update").doesNotContain("writer-0/Update", "writer-1/Update");
  }

  @Test
  void kubectlMovesFieldsFromClientSideApplyAndKeepsItsAnnotationCurrent() {
    ObjectNode csa = object(CONFIG);
    String lastApplied = csa.toString();
    ((ObjectNode) csa.get("metadata")).putObject("annotations").put(FieldManager.LAST_APPLIED, lastApplied);
    manager.update(DEPLOYMENTS, null, csa, "kubectl-client-side-apply");
    ObjectNode live = stored(csa);

    ObjectNode config = object(CONFIG);
    ((ObjectNode) config.get("spec")).put("replicas", 3);
    StatusException other = catchThrowableOfType(StatusException.class, () -> manager.apply(DEPLOYMENTS, live, config, "ci", false));
    assertThat(other.code()).as("only kubectl's own fields move").isEqualTo(409);

    ObjectNode applied = manager.apply(DEPLOYMENTS, live, config, "kubectl", false);
    assertThat(applied.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(applied.path("metadata").path("annotations").path(FieldManager.LAST_APPLIED).asText())
        .contains("\"replicas\":3").endsWith("\n");
  }

  @Test
  void configurationsThatDoNotFitAreRefusedAsUpstream() {
    StatusException unknown = catchThrowableOfType(StatusException.class, () -> manager.apply(DEPLOYMENTS, null,
        object("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: ns}, spec: {replica: 1}}"), "kubectl", false));
    assertThat(unknown.code()).isEqualTo(500);
    assertThat(unknown.toStatus().getReason()).isNull();
    assertThat(unknown.getMessage()).isEqualTo(
        "failed to create typed patch object (ns/web; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema");

    StatusException kind = catchThrowableOfType(StatusException.class, () -> manager.apply(DEPLOYMENTS, null,
        object("{apiVersion: v1, kind: ConfigMap, metadata: {name: web}}"), "kubectl", false));
    assertThat(kind.code()).isEqualTo(400);
    assertThat(kind.getMessage()).isEqualTo("invalid object type: /v1, Kind=ConfigMap");

    StatusException managed = catchThrowableOfType(StatusException.class, () -> manager.apply(DEPLOYMENTS, null,
        object("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, managedFields: []}}"), "kubectl", false));
    assertThat(managed.getMessage()).isEqualTo("metadata.managedFields must be nil");
  }
}
