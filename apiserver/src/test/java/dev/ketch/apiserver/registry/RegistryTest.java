package dev.ketch.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.cache.CachedObject;
import dev.ketch.apiserver.cache.WatchEvent;
import dev.ketch.apiserver.cache.WatchSink;
import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.embedded.EmbeddedStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic registry over the embedded store, with the default (empty) strategies. */
class RegistryTest {

  private static final ResourceCatalog CATALOG = ResourceCatalog.builtIn();
  private static final ResourceType CONFIGMAPS = CATALOG.byResource(GroupVersion.CORE_V1, "configmaps").orElseThrow();
  private static final ResourceType NAMESPACES = CATALOG.byResource(GroupVersion.CORE_V1, "namespaces").orElseThrow();
  private static final WriteOptions ADMIN = WriteOptions.of("admin", List.of("system:masters"));

  private EmbeddedStore store;
  private Registries registries;
  private ResourceRegistry configmaps;

  @BeforeEach
  void setUp() {
    store = EmbeddedStore.inMemory();
    registries = new Registries(CATALOG, store, Registries.Config.defaults());
    registries.bootstrap();
    configmaps = registries.registry(CONFIGMAPS);
  }

  @AfterEach
  void tearDown() {
    registries.close();
    store.close();
  }

  private static ObjectNode configMap(String name, String value) {
    ObjectNode cm = Json.mapper().createObjectNode();
    cm.put("apiVersion", "v1").put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", name);
    cm.putObject("data").put("key", value);
    return cm;
  }

  private static String rv(ObjectNode o) {
    return o.path("metadata").path("resourceVersion").asText();
  }

  @Test
  void createFillsSystemFieldsAndStoresUnderTheRegistryKey() {
    ObjectNode created = configmaps.create("default", configMap("app", "v1"), ADMIN);
    assertThat(created.path("metadata").path("uid").asText()).hasSize(36);
    assertThat(created.path("metadata").path("creationTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(created.path("metadata").path("namespace").asText()).isEqualTo("default");
    assertThat(rv(created)).isNotEmpty();
    var stored = store.range(RangeRequest.key("/registry/configmaps/default/app")).single();
    assertThat(stored).isNotNull();
    assertThat(stored.value().toStringUtf8()).doesNotContain("resourceVersion");
    assertThat(Long.toString(stored.modRevision())).isEqualTo(rv(created));
  }

  @Test
  void createOfAnExistingNameIsAlreadyExists() {
    configmaps.create("default", configMap("app", "v1"), ADMIN);
    assertThatThrownBy(() -> configmaps.create("default", configMap("app", "v2"), ADMIN))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS);
          assertThat(e.getMessage()).isEqualTo("configmaps \"app\" already exists");
        });
  }

  @Test
  void generateNameAddsFiveRandomCharacters() {
    ObjectNode cm = configMap("", "v");
    ((ObjectNode) cm.get("metadata")).remove("name");
    ((ObjectNode) cm.get("metadata")).put("generateName", "job-");
    assertThat(configmaps.create("default", cm, ADMIN).path("metadata").path("name").asText()).matches("job-[bcdfghjklmnpqrstvwxz2456789]{5}");
  }

  @Test
  void invalidNamesAreRejectedWithTheFieldAndNothingIsStored() {
    assertThatThrownBy(() -> configmaps.create("default", configMap("Bad_Name", "v"), ADMIN))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID);
          assertThat(e.getMessage()).startsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain");
        });
    assertThat(store.range(RangeRequest.prefix("/registry/configmaps/").withCountOnly()).count()).isZero();
  }

  @Test
  void creatingInAMissingNamespaceIsNotFound() {
    assertThatThrownBy(() -> configmaps.create("nowhere", configMap("app", "v"), ADMIN))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage()).isEqualTo("namespaces \"nowhere\" not found"));
  }

  @Test
  void dryRunValidatesAndStoresNothing() {
    ObjectNode out = configmaps.create("default", configMap("app", "v"), ADMIN.withDryRun(true));
    assertThat(out.path("metadata").path("uid").asText()).isNotEmpty();
    assertThat(store.range(RangeRequest.prefix("/registry/configmaps/").withCountOnly()).count()).isZero();
  }

  @Test
  void updateWithAStaleResourceVersionIsAConflict() {
    ObjectNode created = configmaps.create("default", configMap("app", "v1"), ADMIN);
    ObjectNode first = created.deepCopy();
    ((ObjectNode) first.get("data")).put("key", "v2");
    ObjectNode updated = configmaps.update("default", "app", first, ADMIN, "");
    assertThat(Long.parseLong(rv(updated))).isGreaterThan(Long.parseLong(rv(created)));
    ObjectNode stale = created.deepCopy();
    ((ObjectNode) stale.get("data")).put("key", "v3");
    assertThatThrownBy(() -> configmaps.update("default", "app", stale, ADMIN, ""))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
          assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"app\": the object has been modified; "
              + "please apply your changes to the latest version and try again");
        });
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheResourceVersion() {
    ObjectNode created = configmaps.create("default", configMap("app", "v1"), ADMIN);
    ObjectNode same = configmaps.update("default", "app", created.deepCopy(), ADMIN, "");
    assertThat(rv(same)).isEqualTo(rv(created));
  }

  @Test
  void patchesApplyToTheCurrentObjectAndKeepSystemFields() {
    ObjectNode created = configmaps.create("default", configMap("app", "v1"), ADMIN);
    ObjectNode patched = configmaps.patch("default", "app", current -> {
      ((ObjectNode) current.get("data")).put("key", "patched");
      ((ObjectNode) current.get("metadata")).remove("creationTimestamp");
      return current;
    }, ADMIN, "");
    assertThat(patched.path("metadata").path("creationTimestamp").asText())
        .isEqualTo(created.path("metadata").path("creationTimestamp").asText());
    assertThat(patched.path("data").path("key").asText()).isEqualTo("patched");
    assertThatThrownBy(() -> configmaps.patch("default", "app", current -> {
      ((ObjectNode) current.get("metadata")).put("uid", "changed-by-client");
      return current;
    }, ADMIN, "")).isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage()).contains("metadata.uid").contains("field is immutable"));
    assertThat(patched.path("metadata").path("uid").asText()).isEqualTo(created.path("metadata").path("uid").asText());
  }

  @Test
  void finalizersKeepAnObjectUntilTheLastIsRemoved() {
    ObjectNode cm = configMap("guarded", "v");
    ((ObjectNode) cm.get("metadata")).putArray("finalizers").add("example.com/keep");
    configmaps.create("default", cm, ADMIN);
    DeleteResult pending = configmaps.delete("default", "guarded", DeleteOptions.defaults(), ADMIN);
    assertThat(pending.deleted()).isFalse();
    assertThat(pending.object().path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
    configmaps.patch("default", "guarded", current -> {
      ((ObjectNode) current.get("metadata")).remove("finalizers");
      return current;
    }, ADMIN, "");
    assertThatThrownBy(() -> configmaps.get("default", "guarded", ""))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void orphanAndForegroundDeletionAddTheGarbageCollectorsFinalizers() {
    configmaps.create("default", configMap("a", "v"), ADMIN);
    configmaps.create("default", configMap("b", "v"), ADMIN);
    assertThat(configmaps.delete("default", "a", DeleteOptions.defaults().withPropagation("Orphan"), ADMIN).object()
        .path("metadata").path("finalizers").toString()).isEqualTo("[\"orphan\"]");
    assertThat(configmaps.delete("default", "b", DeleteOptions.defaults().withPropagation("Foreground"), ADMIN).object()
        .path("metadata").path("finalizers").toString()).isEqualTo("[\"foregroundDeletion\"]");
  }

  @Test
  void deletingANamespaceMakesItTerminatingAndRefusesNewContent() {
    ObjectNode ns = Json.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", "team");
    ns.putObject("spec").putArray("finalizers").add("kubernetes");
    registries.registry(NAMESPACES).create("", ns, ADMIN);
    DeleteResult r = registries.registry(NAMESPACES).delete("", "team", DeleteOptions.defaults(), ADMIN);
    assertThat(r.deleted()).isFalse();
    assertThat(r.object().path("status").path("phase").asText()).isEqualTo("Terminating");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThatThrownBy(() -> configmaps.create("team", configMap("late", "v"), ADMIN))
            .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage())
                .isEqualTo("configmaps \"late\" is forbidden: unable to create new content in namespace team because it is being terminated")));
  }

  @Test
  void theFinalizeSubresourceChangesTheFinalizersThatNamespaceUpdatesKeep() {
    EmbeddedStore own = EmbeddedStore.inMemory();
    try (Registries builtIn = new Registries(CATALOG, own, Registries.Config.defaults().with(
        new dev.ketch.apiserver.registry.strategy.BuiltInStrategies(), Admission.none(), t -> dev.ketch.apiserver.cache.ObjectIndexer.basic(),
        t -> RegistryHooks.NONE))) {
      ResourceRegistry namespaces = builtIn.registry(NAMESPACES);
      ObjectNode ns = Json.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
      ns.putObject("metadata").put("name", "team");
      ObjectNode created = namespaces.create("", ns, ADMIN);
      assertThat(created.path("spec").path("finalizers").toString()).isEqualTo("[\"kubernetes\"]");
      namespaces.delete("", "team", DeleteOptions.defaults(), ADMIN);

      ObjectNode plain = namespaces.patch("", "team", current -> {
        current.with("spec").remove("finalizers");
        return current;
      }, ADMIN, "");
      assertThat(plain.path("spec").path("finalizers").toString()).as("an update keeps them").isEqualTo("[\"kubernetes\"]");

      namespaces.patch("", "team", current -> {
        current.with("spec").remove("finalizers");
        return current;
      }, ADMIN, "finalize");
      assertThat(namespaces.current("", "team")).as("finalized while terminating: deleted").isNull();
    } finally {
      own.close();
    }
  }

  @Test
  void pagedListsAreConsistentAcrossPages() {
    for (int i = 0; i < 5; i++) {
      configmaps.create("default", configMap("cm-" + i, "v"), ADMIN);
    }
    ListResult first = configmaps.list("default", ListOptions.everything().withLimit(2, ""));
    assertThat(first.items()).extracting(CachedObject::name).containsExactly("cm-0", "cm-1");
    assertThat(first.remainingItemCount()).isEqualTo(3);
    configmaps.create("default", configMap("cm-5", "v"), ADMIN);
    ListResult second = configmaps.list("default", ListOptions.everything().withLimit(2, first.continueToken()));
    ListResult third = configmaps.list("default", ListOptions.everything().withLimit(2, second.continueToken()));
    assertThat(second.items()).extracting(CachedObject::name).containsExactly("cm-2", "cm-3");
    // Created after the first page: not part of this list.
    assertThat(third.items()).extracting(CachedObject::name).containsExactly("cm-4");
    assertThat(third.continueToken()).isEmpty();
    assertThat(third.resourceVersion()).isEqualTo(first.resourceVersion());
  }

  @Test
  void listsFromTheCacheAreCurrentAndWatchesFollowThem() {
    configmaps.create("default", configMap("one", "v"), ADMIN);
    ListResult list = configmaps.list("", ListOptions.everything());
    assertThat(list.items()).extracting(CachedObject::name).containsExactly("one");
    List<String> events = new CopyOnWriteArrayList<>();
    configmaps.watch("", ListOptions.everything().withResourceVersion(Long.toString(list.resourceVersion())), new WatchSink() {
      @Override
      public void send(WatchEvent event) {
        events.add(event.type() + " " + event.object().name());
      }

      @Override
      public void closed() {}
    });
    configmaps.create("default", configMap("two", "v"), ADMIN);
    configmaps.delete("default", "one", DeleteOptions.defaults(), ADMIN);
    await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
    assertThat(events).containsExactly("ADDED two", "DELETED one");
  }

  @Test
  void theInitialNamespacesExist() {
    assertThat(registries.registry(NAMESPACES).list("", ListOptions.everything()).items())
        .extracting(CachedObject::name).containsExactlyInAnyOrder("default", "kube-system", "kube-public", "kube-node-lease");
  }
}
