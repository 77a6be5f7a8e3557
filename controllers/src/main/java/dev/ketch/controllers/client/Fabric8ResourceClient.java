package dev.ketch.controllers.client;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Objects;

/**
 * A {@link ResourceClient} on a fabric8 client's typed operations; deletes are plain requests
 * through {@link DynamicClient}, since fabric8 offers no uid precondition and hides 404s. Thread-safe.
 */
public final class Fabric8ResourceClient<T extends HasMetadata> implements ResourceClient<T> {

  private final KubernetesClient client;
  private final DynamicClient dynamic;
  private final MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> operation;
  private final String collectionPrefix;
  private final String plural;

  private Fabric8ResourceClient(KubernetesClient client, Class<T> type) {
    this.client = client;
    this.dynamic = new DynamicClient(client);
    this.operation = client.resources(type);
    String group = HasMetadata.getGroup(type);
    String version = HasMetadata.getVersion(type);
    this.collectionPrefix = group == null || group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    this.plural = HasMetadata.getPlural(type);
  }

  /** Writes objects of {@code type} (a fabric8 model class) with {@code client}. */
  public static <T extends HasMetadata> Fabric8ResourceClient<T> of(KubernetesClient client, Class<T> type) {
    return new Fabric8ResourceClient<>(client, type);
  }

  private Resource<T> resource(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? operation.withName(name) : operation.inNamespace(namespace).withName(name);
  }

  private Resource<T> resource(T object) {
    String namespace = object.getMetadata().getNamespace();
    return namespace == null || namespace.isEmpty() ? operation.resource(object) : operation.inNamespace(namespace).resource(object);
  }

  @Override
  public T get(String namespace, String name) {
    return resource(namespace, name).get();
  }

  @Override
  public T create(T object) {
    return resource(object).create();
  }

  @Override
  public T update(T object) {
    Objects.requireNonNull(object.getMetadata().getResourceVersion(), "resourceVersion");
    return resource(object).update();
  }

  @Override
  public T updateStatus(T object) {
    Objects.requireNonNull(object.getMetadata().getResourceVersion(), "resourceVersion");
    return resource(object).updateStatus();
  }

  @Override
  public T jsonPatch(String namespace, String name, JsonPatch patch) {
    String body = client.getKubernetesSerialization().asJson(patch.operations());
    return resource(namespace, name).patch(PatchContext.of(PatchType.JSON), body);
  }

  @Override
  public void delete(String namespace, String name, String uid) {
    String path = collectionPrefix + (namespace == null || namespace.isEmpty() ? "" : "/namespaces/" + namespace) + "/" + plural + "/" + name;
    DeleteOptionsBuilder options = new DeleteOptionsBuilder().withPropagationPolicy("Background");
    if (uid != null) {
      options.withNewPreconditions().withUid(uid).endPreconditions();
    }
    dynamic.delete(path, options.build());
  }
}
