package dev.ketch.controllers.client;

import dev.ketch.controllers.discovery.ApiResource;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads and writes objects of any discovered resource, as client-go's dynamic client. Most calls
 * go through fabric8's generic resources; deletes with {@link DeleteOptions} (preconditions) and
 * subresource PUTs such as a namespace's {@code finalize}, which fabric8 does not offer, are
 * plain requests on the client's HTTP connection with the same credentials.
 *
 * <p>Failures are {@link KubernetesClientException}s carrying the API's Status; see {@link
 * ApiErrors}. Thread-safe.
 */
public final class DynamicClient {

  private final KubernetesClient client;

  public DynamicClient(KubernetesClient client) {
    this.client = client;
  }

  public KubernetesClient kubernetesClient() {
    return client;
  }

  private Resource<GenericKubernetesResource> resource(ApiResource r, String namespace, String name) {
    var op = client.genericKubernetesResources(r.definitionContext());
    return r.namespaced() ? op.inNamespace(namespace).withName(name) : op.withName(name);
  }

  /** The object, or empty if it does not exist. */
  public Optional<GenericKubernetesResource> get(ApiResource r, String namespace, String name) {
    return Optional.ofNullable(resource(r, namespace, name).get());
  }

  /** Every object of {@code r} in {@code namespace} (all of them for cluster-scoped resources). */
  public List<GenericKubernetesResource> list(ApiResource r, String namespace) {
    var op = client.genericKubernetesResources(r.definitionContext());
    return (r.namespaced() ? op.inNamespace(namespace).list() : op.list()).getItems();
  }

  /** Applies a JSON patch; fails with 422 if one of its tests fails. */
  public GenericKubernetesResource jsonPatch(ApiResource r, String namespace, String name, JsonPatch patch) {
    String body = client.getKubernetesSerialization().asJson(patch.operations());
    return resource(r, namespace, name).patch(PatchContext.of(PatchType.JSON), body);
  }

  /** DELETE of one object with options (propagation, preconditions, grace period). */
  public void delete(ApiResource r, String namespace, String name, DeleteOptions options) {
    send("DELETE", r.objectPath(namespace, name), options);
  }

  /** DELETE of the object at {@code path} (e.g. {@code /api/v1/namespaces/x/pods/y}) with options. */
  public void delete(String path, DeleteOptions options) {
    send("DELETE", path, options);
  }

  /** DELETE of the collection of {@code r} in {@code namespace}. */
  public void deleteCollection(ApiResource r, String namespace, DeleteOptions options) {
    send("DELETE", r.collectionPath(namespace), options);
  }

  /** PUT of {@code body} to {@code path} (e.g. {@code /api/v1/namespaces/x/finalize}); the answer as {@code type}. */
  public <T> T put(String path, Object body, Class<T> type) {
    String answer = send("PUT", path, body);
    return client.getKubernetesSerialization().unmarshal(answer, type);
  }

  private String send(String method, String path, Object body) {
    HttpClient http = client.getHttpClient();
    String base = client.getMasterUrl().toString();
    String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    String json = client.getKubernetesSerialization().asJson(body);
    HttpRequest request = http.newHttpRequestBuilder().uri(url).method(method, "application/json", json).build();
    long timeoutMillis = requestTimeoutMillis();
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request, String.class).get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException(method + " " + path + " interrupted", e);
    } catch (ExecutionException e) {
      throw new KubernetesClientException(method + " " + path + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new KubernetesClientException(method + " " + path + " timed out after " + timeoutMillis + " ms", e);
    }
    if (!response.isSuccessful()) {
      throw new KubernetesClientException(status(response));
    }
    return response.body();
  }

  private long requestTimeoutMillis() {
    Integer t = client.getConfiguration().getRequestTimeout();
    return t == null || t <= 0 ? 30_000 : t;
  }

  private Status status(HttpResponse<String> response) {
    String body = response.body();
    try {
      Status s = client.getKubernetesSerialization().unmarshal(body, Status.class);
      if (s != null && s.getCode() != null) {
        return s;
      }
    } catch (RuntimeException e) {
      // Not a Status: fall through to one made from the HTTP answer.
    }
    return new StatusBuilder().withCode(response.code()).withStatus("Failure")
        .withMessage(body == null || body.isBlank() ? "HTTP " + response.code() : body).build();
  }
}
