package dev.ketch.controllers.objects;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.DynamicClient;
import dev.ketch.controllers.discovery.ApiResource;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Set;

/**
 * A {@link ResourceClient} of a fabric8 model type over the API: typed reads and writes through
 * fabric8, deletes with preconditions through the {@link DynamicClient}. Thread-safe.
 */
public final class ApiResourceClient<T extends HasMetadata> implements ResourceClient<T> {

  private final MixedOperation<T, ?, Resource<T>> op;
  private final DynamicClient dynamic;
  private final ApiResource resource;
  private final boolean namespaced;

  public ApiResourceClient(KubernetesClient client, Class<T> type) {
    this.op = client.resources(type);
    this.dynamic = new DynamicClient(client);
    this.namespaced = Namespaced.class.isAssignableFrom(type);
    this.resource = new ApiResource(HasMetadata.getGroup(type), HasMetadata.getVersion(type), HasMetadata.getPlural(type),
        HasMetadata.getKind(type), namespaced, Set.of("get", "create", "update", "delete"));
  }

  private Resource<T> named(String namespace, String name) {
    return namespaced ? op.inNamespace(namespace).withName(name) : op.withName(name);
  }

  private Resource<T> of(T object) {
    return namespaced ? op.inNamespace(object.getMetadata().getNamespace()).resource(object) : op.resource(object);
  }

  @Override
  public T get(String namespace, String name) {
    return named(namespace, name).get();
  }

  @Override
  public T create(T object) {
    return of(object).create();
  }

  @Override
  public T update(T object) {
    return of(object).update();
  }

  @Override
  public T updateStatus(T object) {
    return of(object).updateStatus();
  }

  @Override
  public boolean delete(String namespace, String name, Deletion deletion) {
    var options = new DeleteOptionsBuilder().withApiVersion("v1").withKind("DeleteOptions");
    if (deletion.uid() != null) {
      options.withPreconditions(new Preconditions(null, deletion.uid()));
    }
    if (deletion.gracePeriodSeconds() != null) {
      options.withGracePeriodSeconds(deletion.gracePeriodSeconds());
    }
    if (deletion.propagation() != null) {
      options.withPropagationPolicy(deletion.propagation());
    }
    try {
      dynamic.delete(resource, namespace, name, options.build());
      return true;
    } catch (KubernetesClientException e) {
      if (ApiErrors.isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "ApiResourceClient[" + resource + "]";
  }
}
