package dev.ketch.controllers.objects;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One resource of the in-memory fake API: a {@link ObjectCache} and a {@link ResourceClient} over the
 * same map, so what a controller writes it reads back at once. It keeps the API's bookkeeping that
 * controllers depend on: uids, resourceVersions with conflicts, generation bumps on spec changes,
 * generateName, status kept apart from the main resource, finalizers and graceful deletion of
 * bound pods. Every write is logged as an {@link Action}; writes can be made to fail.
 */
public final class FakeObjects<T extends HasMetadata> implements ObjectCache<T>, ResourceClient<T> {

  /** A write the fake received. */
  public record Action(String verb, String namespace, String name, Object object, Deletion deletion) {}

  private record Failure<T>(String verb, Predicate<T> when, int code, String message) {}

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final FakeCluster cluster;
  private final Map<String, T> objects = new TreeMap<>();
  private final List<Action> actions = new ArrayList<>();
  private final List<Failure<T>> failures = new ArrayList<>();

  FakeObjects(FakeCluster cluster) {
    this.cluster = cluster;
  }

  private static String key(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + name;
  }

  private static String key(HasMetadata o) {
    return key(o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  // ---- test set-up and inspection

  /** Puts {@code object} in the store as if it had been created (uid, resourceVersion, timestamps as given or filled). */
  public synchronized T add(T object) {
    T copy = JSON.clone(object);
    if (copy.getMetadata().getUid() == null) {
      copy.getMetadata().setUid(UUID.randomUUID().toString());
    }
    if (copy.getMetadata().getCreationTimestamp() == null) {
      copy.getMetadata().setCreationTimestamp(Timestamps.format(cluster.clock().now()));
    }
    if (copy.getMetadata().getGeneration() == null) {
      copy.getMetadata().setGeneration(1L);
    }
    copy.getMetadata().setResourceVersion(cluster.nextResourceVersion());
    objects.put(key(copy), copy);
    return JSON.clone(copy);
  }

  /** Replaces a stored object as-is (status included), as another actor (a kubelet) would. */
  public synchronized T put(T object) {
    T copy = JSON.clone(object);
    copy.getMetadata().setResourceVersion(cluster.nextResourceVersion());
    objects.put(key(copy), copy);
    return JSON.clone(copy);
  }

  /** Removes an object outright (a force deletion by someone else). */
  public synchronized void remove(String namespace, String name) {
    objects.remove(key(namespace, name));
  }

  public synchronized List<Action> actions() {
    return List.copyOf(actions);
  }

  public synchronized List<Action> actions(String verb) {
    return actions.stream().filter(a -> a.verb().equals(verb)).toList();
  }

  public synchronized void clearActions() {
    actions.clear();
  }

  /** Makes {@code verb} (create, update, updateStatus, delete) fail with {@code code} for objects {@code when} accepts. */
  public synchronized void fail(String verb, Predicate<T> when, int code, String message) {
    failures.add(new Failure<>(verb, when, code, message));
  }

  public synchronized void clearFailures() {
    failures.clear();
  }

  private void maybeFail(String verb, T object) {
    for (Failure<T> f : failures) {
      if (f.verb().equals(verb) && f.when().test(object)) {
        throw error(f.code(), "Injected", f.message());
      }
    }
  }

  static KubernetesClientException error(int code, String reason, String message) {
    return new KubernetesClientException(new StatusBuilder().withCode(code).withStatus("Failure").withReason(reason)
        .withMessage(message).build());
  }

  // ---- ObjectCache

  @Override
  public synchronized T get(String namespace, String name) {
    T o = objects.get(key(namespace, name));
    return o == null ? null : JSON.clone(o);
  }

  @Override
  public synchronized List<T> list(String namespace) {
    String ns = namespace == null ? "" : namespace;
    return objects.values().stream().filter(o -> Objects.equals(Objects.requireNonNullElse(o.getMetadata().getNamespace(), ""), ns))
        .map(JSON::clone).toList();
  }

  @Override
  public synchronized List<T> listAll() {
    return objects.values().stream().map(JSON::clone).toList();
  }

  /** The fake keeps no indexes: the controllers on this seam look objects up by namespace only. */
  @Override
  public List<T> byIndex(String index, String value) {
    throw new IllegalArgumentException("the fake has no index " + index);
  }

  @Override
  public boolean hasSynced() {
    return true;
  }

  // ---- ResourceClient

  @Override
  public synchronized T create(T object) {
    T copy = JSON.clone(object);
    if (copy.getMetadata().getName() == null || copy.getMetadata().getName().isEmpty()) {
      copy.getMetadata().setName(copy.getMetadata().getGenerateName() + cluster.nextSuffix());
    }
    actions.add(new Action("create", copy.getMetadata().getNamespace(), copy.getMetadata().getName(), JSON.clone(copy), null));
    maybeFail("create", copy);
    if (objects.containsKey(key(copy))) {
      throw error(409, "AlreadyExists", copy.getKind() + " \"" + copy.getMetadata().getName() + "\" already exists");
    }
    copy.getMetadata().setUid(UUID.randomUUID().toString());
    copy.getMetadata().setCreationTimestamp(Timestamps.format(cluster.clock().now()));
    copy.getMetadata().setGeneration(1L);
    copy.getMetadata().setResourceVersion(cluster.nextResourceVersion());
    if (copy instanceof Pod pod && (pod.getStatus() == null || pod.getStatus().getPhase() == null)) {
      PodStatus status = new PodStatus();
      status.setPhase("Pending");
      pod.setStatus(status);
    }
    objects.put(key(copy), copy);
    return JSON.clone(copy);
  }

  @Override
  public synchronized T update(T object) {
    return write(object, false);
  }

  @Override
  public synchronized T updateStatus(T object) {
    return write(object, true);
  }

  private T write(T object, boolean status) {
    String verb = status ? "updateStatus" : "update";
    T copy = JSON.clone(object);
    actions.add(new Action(verb, copy.getMetadata().getNamespace(), copy.getMetadata().getName(), JSON.clone(copy), null));
    maybeFail(verb, copy);
    T stored = objects.get(key(copy));
    if (stored == null) {
      throw error(404, "NotFound", copy.getMetadata().getName() + " not found");
    }
    String rv = copy.getMetadata().getResourceVersion();
    if (rv != null && !rv.equals(stored.getMetadata().getResourceVersion())) {
      throw error(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again");
    }
    Map<String, Object> before = JSON.convertValue(stored, Map.class);
    Map<String, Object> after = JSON.convertValue(copy, Map.class);
    T next;
    if (status) {
      before.put("status", after.get("status"));
      next = JSON.convertValue(before, (Class<T>) stored.getClass());
    } else {
      if (before.containsKey("status")) {
        after.put("status", before.get("status"));
      }
      next = JSON.convertValue(after, (Class<T>) stored.getClass());
      if (!Objects.equals(before.get("spec"), after.get("spec"))) {
        next.getMetadata().setGeneration(stored.getMetadata().getGeneration() + 1);
      } else {
        next.getMetadata().setGeneration(stored.getMetadata().getGeneration());
      }
      next.getMetadata().setUid(stored.getMetadata().getUid());
      next.getMetadata().setCreationTimestamp(stored.getMetadata().getCreationTimestamp());
      next.getMetadata().setDeletionTimestamp(stored.getMetadata().getDeletionTimestamp());
    }
    next.getMetadata().setResourceVersion(cluster.nextResourceVersion());
    if (next.getMetadata().getDeletionTimestamp() != null
        && (next.getMetadata().getFinalizers() == null || next.getMetadata().getFinalizers().isEmpty())
        && !gracefullyTerminating(next)) {
      objects.remove(key(next));
    } else {
      objects.put(key(next), next);
    }
    return JSON.clone(next);
  }

  @Override
  public synchronized boolean delete(String namespace, String name, Deletion deletion) {
    T stored = objects.get(key(namespace, name));
    actions.add(new Action("delete", namespace, name, stored == null ? null : JSON.clone(stored), deletion));
    if (stored != null) {
      maybeFail("delete", stored);
    }
    if (stored == null) {
      return false;
    }
    if (deletion.uid() != null && !deletion.uid().equals(stored.getMetadata().getUid())) {
      throw error(409, "Conflict", "Precondition failed: UID in precondition: " + deletion.uid()
          + ", UID in object meta: " + stored.getMetadata().getUid());
    }
    // The API deletes a pod at once unless it is bound and not terminal: then its kubelet finishes it.
    boolean graceful = stored instanceof Pod pod && pod.getSpec() != null && pod.getSpec().getNodeName() != null
        && !Objects.equals(deletion.gracePeriodSeconds(), 0L) && !Pods.isTerminal(pod);
    boolean finalizers = stored.getMetadata().getFinalizers() != null && !stored.getMetadata().getFinalizers().isEmpty();
    if (graceful || finalizers) {
      if (stored.getMetadata().getDeletionTimestamp() == null) {
        stored.getMetadata().setDeletionTimestamp(Timestamps.format(cluster.clock().now()));
        stored.getMetadata().setDeletionGracePeriodSeconds(graceful ? 30L : 0L);
        stored.getMetadata().setResourceVersion(cluster.nextResourceVersion());
      }
      return true;
    }
    objects.remove(key(namespace, name));
    return true;
  }

  /** A bound, running pod being deleted waits for its kubelet, even without finalizers. */
  private static boolean gracefullyTerminating(HasMetadata o) {
    return o instanceof Pod pod && pod.getMetadata().getDeletionGracePeriodSeconds() != null
        && pod.getMetadata().getDeletionGracePeriodSeconds() > 0;
  }
}
