package dev.ketch.controllers.namespace;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.DynamicClient;
import dev.ketch.controllers.discovery.ApiDiscovery;
import dev.ketch.controllers.discovery.ApiResource;
import dev.ketch.controllers.discovery.ApiResources;
import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a terminating namespace, as upstream's namespacedResourcesDeleter:
 *
 * <ol>
 *   <li>reads the namespace live; nothing to do unless it is being deleted and still has the
 *       {@code kubernetes} finalizer; sets {@code status.phase: Terminating} if missing;
 *   <li>for every namespaced resource discovery lists with the delete verb: deletes the
 *       collection (or each object, where deletecollection is not served) with background
 *       propagation, then lists what is left;
 *   <li>records why content remains in the namespace's status conditions;
 *   <li>when nothing is left, PUTs {@code /finalize} without the {@code kubernetes} finalizer, and
 *       the API server deletes the namespace.
 * </ol>
 *
 * <p>Content that is expected to go by itself (pods in their grace period, objects with
 * finalizers) gives an estimate of seconds to wait instead of an error. Thread-safe.
 */
final class NamespacedResourcesDeleter {

  private static final Logger log = LoggerFactory.getLogger(NamespacedResourcesDeleter.class);

  static final String FINALIZER = "kubernetes";
  /** Upstream's guess for how long finalizers on remaining content take. */
  static final long FINALIZER_ESTIMATE_SECONDS = 15;
  private static final int CONFLICT_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final DynamicClient dynamic;
  private final ApiDiscovery discovery;
  private final Clock clock;
  // Resources whose deletecollection or list turned out not to be served, despite discovery.
  private final Set<String> noDeleteCollection = ConcurrentHashMap.newKeySet();
  private final Set<String> noList = ConcurrentHashMap.newKeySet();

  NamespacedResourcesDeleter(KubernetesClient client, DynamicClient dynamic, ApiDiscovery discovery, Clock clock) {
    this.client = client;
    this.dynamic = dynamic;
    this.discovery = discovery;
    this.clock = clock;
  }

  /**
   * One pass over the namespace {@code name}.
   *
   * @return 0 when done (finalized, gone, or not terminating); otherwise the seconds after which
   *     the remaining content should be gone
   * @throws Exception when content could not be deleted; the caller retries with back-off
   */
  long delete(String name) throws Exception {
    Namespace ns = client.namespaces().withName(name).get();
    if (ns == null || ns.getMetadata().getDeletionTimestamp() == null) {
      return 0;
    }
    try {
      ns = retryOnConflict(ns, this::markTerminating);
    } catch (KubernetesClientException e) {
      if (ApiErrors.isNotFound(e)) {
        return 0;
      }
      throw e;
    }
    if (ns.getMetadata().getDeletionTimestamp() == null || finalized(ns)) {
      return 0;
    }
    long estimate = deleteAllContent(ns);
    if (estimate > 0) {
      log.info("content remains namespace={} estimateSeconds={}", name, estimate);
      return estimate;
    }
    try {
      retryOnConflict(ns, this::finalizeNamespace);
    } catch (KubernetesClientException e) {
      if (!ApiErrors.isNotFound(e)) {
        throw e;
      }
    }
    log.info("namespace emptied and finalized namespace={}", name);
    return 0;
  }

  private static boolean finalized(Namespace ns) {
    return ns.getSpec() == null || ns.getSpec().getFinalizers() == null || !ns.getSpec().getFinalizers().contains(FINALIZER);
  }

  private Namespace markTerminating(Namespace ns) {
    if (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase())) {
      return ns;
    }
    if (ns.getStatus() == null) {
      ns.setStatus(new NamespaceStatus());
    }
    ns.getStatus().setPhase("Terminating");
    return client.namespaces().resource(ns).updateStatus();
  }

  private Namespace finalizeNamespace(Namespace ns) {
    List<String> rest = new ArrayList<>(ns.getSpec().getFinalizers());
    rest.removeIf(FINALIZER::equals);
    ns.getSpec().setFinalizers(rest);
    return dynamic.put("/api/v1/namespaces/" + ns.getMetadata().getName() + "/finalize", ns, Namespace.class);
  }

  /** Applies {@code change} to a fresh copy until it does not conflict; fails if the uid changes. */
  private Namespace retryOnConflict(Namespace ns, UnaryOperator<Namespace> change) {
    String uid = ns.getMetadata().getUid();
    Namespace current = ns;
    for (int attempt = 1; ; attempt++) {
      try {
        return change.apply(current);
      } catch (KubernetesClientException e) {
        if (!ApiErrors.isConflict(e) || attempt >= CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
      current = client.namespaces().withName(ns.getMetadata().getName()).get();
      if (current == null) {
        throw new KubernetesClientException(new StatusBuilder().withCode(404)
            .withReason("NotFound").withMessage("namespace " + ns.getMetadata().getName() + " is gone").build());
      }
      if (!uid.equals(current.getMetadata().getUid())) {
        throw new IllegalStateException("namespace uid has changed across retries");
      }
    }
  }

  /** Deletes everything in the namespace; the seconds to wait for what is still going, or 0. */
  private long deleteAllContent(Namespace ns) throws Exception {
    String namespace = ns.getMetadata().getName();
    Instant deletedAt = Instant.parse(ns.getMetadata().getDeletionTimestamp());
    NamespaceConditions conditions = new NamespaceConditions(clock.now());
    List<String> errors = new ArrayList<>();
    ApiResources resources;
    try {
      resources = discovery.discover();
    } catch (KubernetesClientException e) {
      conditions.discoveryFailed(Map.of("", e.getMessage()));
      updateConditions(ns, conditions);
      throw e;
    }
    if (!resources.failedGroups().isEmpty()) {
      // Not fatal: what was found can still be deleted; the namespace waits for the rest.
      conditions.discoveryFailed(resources.failedGroups());
      errors.add("discovery failed for " + resources.failedGroups().keySet());
    }
    long estimate = 0;
    Map<String, Integer> remainingByResource = new HashMap<>();
    Map<String, Integer> remainingByFinalizer = new HashMap<>();
    for (ApiResource r : resources.supporting("delete")) {
      if (!r.namespaced()) {
        continue;
      }
      try {
        Remaining left = deleteAllOf(r, namespace, deletedAt);
        estimate = Math.max(estimate, left.estimateSeconds());
        if (left.count() > 0) {
          remainingByResource.merge(r.groupResource(), left.count(), Integer::sum);
          left.byFinalizer().forEach((f, n) -> remainingByFinalizer.merge(f, n, Integer::sum));
        }
      } catch (RuntimeException e) {
        // Keep going with the other resources: one failure must not hold up the rest.
        String error = r.groupResource() + ": " + e.getMessage();
        conditions.deleteFailed(error);
        errors.add(error);
      }
    }
    conditions.remaining(remainingByResource, remainingByFinalizer);
    updateConditions(ns, conditions);
    if (!errors.isEmpty()) {
      throw new IllegalStateException("namespace " + namespace + " not emptied: " + String.join("; ", errors));
    }
    return estimate;
  }

  private void updateConditions(Namespace ns, NamespaceConditions conditions) {
    if (ns.getStatus() == null) {
      ns.setStatus(new NamespaceStatus());
    }
    if (!conditions.applyTo(ns.getStatus())) {
      return;
    }
    try {
      Namespace updated = client.namespaces().resource(ns).updateStatus();
      ns.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      // The conditions are for people; the next pass writes them again.
      log.warn("could not update conditions namespace={}: {}", ns.getMetadata().getName(), e.getMessage());
    }
  }

  /**
   * What remains of one resource in the namespace after deleting it.
   *
   * @param estimateSeconds how long to wait for it; 0 if nothing is expected to go by itself
   * @param count objects left
   * @param byFinalizer objects left per finalizer they carry
   */
  private record Remaining(long estimateSeconds, int count, Map<String, Integer> byFinalizer) {
    static final Remaining NONE = new Remaining(0, 0, Map.of());
  }

  private Remaining deleteAllOf(ApiResource r, String namespace, Instant namespaceDeletedAt) {
    long estimate = isPods(r) ? podGraceEstimate(namespace, namespaceDeletedAt) : 0;
    if (!deleteCollection(r, namespace)) {
      deleteEachItem(r, namespace);
    }
    List<GenericKubernetesResource> left = listOrEmpty(r, namespace);
    if (left == null || left.isEmpty()) {
      return Remaining.NONE;
    }
    Map<String, Integer> byFinalizer = new HashMap<>();
    for (GenericKubernetesResource item : left) {
      List<String> finalizers = item.getMetadata().getFinalizers();
      if (finalizers != null) {
        finalizers.forEach(f -> byFinalizer.merge(f, 1, Integer::sum));
      }
    }
    if (estimate > 0) {
      return new Remaining(estimate, left.size(), byFinalizer);
    }
    if (!byFinalizer.isEmpty()) {
      return new Remaining(FINALIZER_ESTIMATE_SECONDS, left.size(), byFinalizer);
    }
    throw new IllegalStateException("unexpected items still remain in namespace: " + namespace + " for gvr: " + r);
  }

  private static boolean isPods(ApiResource r) {
    return r.group().isEmpty() && "pods".equals(r.resource());
  }

  /** The longest grace period of the namespace's running pods, less the time already waited. */
  private long podGraceEstimate(String namespace, Instant namespaceDeletedAt) {
    long estimate = 0;
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        continue;
      }
      Long grace = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
      if (grace != null && grace > estimate) {
        estimate = grace;
      }
    }
    Duration waited = Duration.between(namespaceDeletedAt, clock.now());
    return waited.compareTo(Duration.ofSeconds(estimate)) >= 0 ? 0 : estimate;
  }

  private static DeleteOptions background() {
    // The namespace controller deletes generically: the garbage collector must not orphan anything.
    return new DeleteOptionsBuilder().withApiVersion("v1").withKind("DeleteOptions").withPropagationPolicy("Background").build();
  }

  /** True if the collection was deleted; false if the server does not serve deletecollection. */
  private boolean deleteCollection(ApiResource r, String namespace) {
    if (!r.supports("deletecollection") || noDeleteCollection.contains(r.groupResource())) {
      return false;
    }
    try {
      dynamic.deleteCollection(r, namespace, background());
      return true;
    } catch (KubernetesClientException e) {
      if (ApiErrors.isMethodNotSupported(e) || ApiErrors.isNotFound(e)) {
        noDeleteCollection.add(r.groupResource());
        return false;
      }
      throw e;
    }
  }

  private void deleteEachItem(ApiResource r, String namespace) {
    List<GenericKubernetesResource> items = listOrEmpty(r, namespace);
    if (items == null) {
      return;
    }
    for (GenericKubernetesResource item : items) {
      try {
        dynamic.delete(r, namespace, item.getMetadata().getName(), background());
      } catch (KubernetesClientException e) {
        if (!ApiErrors.isNotFound(e) && !ApiErrors.isMethodNotSupported(e)) {
          throw e;
        }
      }
    }
  }

  /** The objects of {@code r} in the namespace, or null if the server does not serve list for it. */
  private List<GenericKubernetesResource> listOrEmpty(ApiResource r, String namespace) {
    if (!r.supports("list") || noList.contains(r.groupResource())) {
      return null;
    }
    try {
      return dynamic.list(r, namespace);
    } catch (KubernetesClientException e) {
      if (ApiErrors.isMethodNotSupported(e) || ApiErrors.isNotFound(e)) {
        noList.add(r.groupResource());
        return null;
      }
      throw e;
    }
  }
}
