package dev.ketch.controllers.fake;

import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An in-memory API server for controller unit tests, as client-go's fake clientset: one {@link
 * FakeResource} per type, holding the objects as the server has them and an informer-like cache of
 * them. Writes follow the API's rules that controllers rely on (generateName, uids,
 * resourceVersions and conflicts, generation bumps on spec changes, the status subresource, JSON
 * patches with tests, uid preconditions on delete) and are recorded as {@link Action}s. Caches
 * follow every write at once unless {@link #freezeCaches() frozen}, to play a stale informer.
 * Reactors make chosen requests fail. Thread-safe.
 */
public final class FakeApi {

  /** One request: verb (create, update, updateStatus, patch, delete, get), kind, namespace and name. */
  public record Action(String verb, String kind, String namespace, String name) {
    @Override
    public String toString() {
      return verb + " " + kind + " " + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
    }
  }

  /** Decides whether a request fails: empty to let it through. */
  @FunctionalInterface
  public interface Reactor {
    Optional<RuntimeException> react(Action action, HasMetadata object);
  }

  final FakeClock clock;
  final KubernetesSerialization json = new KubernetesSerialization();
  final AtomicLong resourceVersions = new AtomicLong(100);
  final AtomicLong names = new AtomicLong();
  private final Map<Class<?>, FakeResource<?>> resources = new ConcurrentHashMap<>();
  private final List<Action> actions = new CopyOnWriteArrayList<>();
  private final List<Reactor> reactors = new CopyOnWriteArrayList<>();
  private volatile boolean frozen;

  public FakeApi(FakeClock clock) {
    this.clock = clock;
  }

  /** The resource of {@code type}, created empty on first use. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> FakeResource<T> of(Class<T> type) {
    return (FakeResource<T>) resources.computeIfAbsent(type, t -> new FakeResource<>(this, type));
  }

  /** Every request made so far, in order. */
  public List<Action> actions() {
    return List.copyOf(actions);
  }

  /** Requests with {@code verb} on {@code kind}. */
  public List<Action> actions(String verb, String kind) {
    return actions.stream().filter(a -> a.verb().equals(verb) && a.kind().equals(kind)).toList();
  }

  /** Requests other than reads. */
  public List<Action> writes() {
    return actions.stream().filter(a -> !a.verb().equals("get")).toList();
  }

  public void clearActions() {
    actions.clear();
  }

  /** Adds a reactor, consulted before every request (first failure wins). */
  public void react(Reactor reactor) {
    reactors.add(reactor);
  }

  /** Makes requests with {@code verb} on {@code kind} fail with {@code error} (made for each request). */
  public void failWhen(String verb, String kind, Function<Action, RuntimeException> error) {
    react((a, o) -> a.verb().equals(verb) && a.kind().equals(kind) ? Optional.of(error.apply(a)) : Optional.empty());
  }

  public void clearReactors() {
    reactors.clear();
  }

  /** Stops caches following writes, as an informer that lags behind. */
  public void freezeCaches() {
    frozen = true;
  }

  /** Brings every cache up to the server's state and lets them follow writes again. */
  public void syncCaches() {
    frozen = false;
    resources.values().forEach(FakeResource::syncCache);
  }

  boolean frozen() {
    return frozen;
  }

  void record(Action a, HasMetadata object) {
    actions.add(a);
    for (Reactor r : reactors) {
      Optional<RuntimeException> e = r.react(a, object);
      if (e.isPresent()) {
        throw e.get();
      }
    }
  }

  /** An API error as the client reports it. */
  public static KubernetesClientException error(int code, String reason, String message) {
    return new KubernetesClientException(new StatusBuilder().withCode(code).withReason(reason).withMessage(message).withStatus("Failure").build());
  }

  /** 403 with a NamespaceTerminating cause, as the API refuses creation in a terminating namespace. */
  public static KubernetesClientException namespaceTerminating(String namespace) {
    return new KubernetesClientException(new StatusBuilder().withCode(403).withReason("Forbidden").withStatus("Failure")
        .withMessage("unable to create new content in namespace " + namespace + " because it is being terminated")
        .withNewDetails().withCauses(new StatusCauseBuilder().withReason("NamespaceTerminating").withField("metadata.namespace")
            .withMessage("namespace " + namespace + " is being terminated").build()).endDetails().build());
  }

  /** Types without a status subresource: a PUT replaces everything. */
  static final List<String> NO_STATUS_SUBRESOURCE = new ArrayList<>(List.of("Endpoints", "EndpointSlice", "ServiceAccount",
      "ConfigMap", "Secret", "Event", "Lease"));
}
