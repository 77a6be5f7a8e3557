package dev.ketch.kubelet.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests fabric8's typed API cannot make (a DELETE with DeleteOptions preconditions, a POST to
 * pods/binding), sent with the client's own HTTP client, credentials and server. Thread-safe.
 */
public final class RawApi {

  private RawApi() {}

  /**
   * Sends a JSON body (or none) to {@code path} on the client's server.
   *
   * @return the response body
   * @throws KubernetesClientException with the HTTP status as its code when the answer is not 2xx
   */
  public static String send(KubernetesClient client, String method, String path, String json) {
    String url = client.getMasterUrl().toString().replaceAll("/$", "") + path;
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
        .method(method, "application/json", json == null ? "" : json).header("Accept", "application/json").build();
    try {
      HttpResponse<String> r = client.getHttpClient().sendAsync(request, String.class).get(60, TimeUnit.SECONDS);
      if (!r.isSuccessful()) {
        throw new KubernetesClientException(method + " " + path + ": " + r.code() + " " + r.body(), r.code(), null);
      }
      return r.body();
    } catch (ExecutionException e) {
      throw new KubernetesClientException(method + " " + path + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new KubernetesClientException(method + " " + path + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException(method + " " + path + " interrupted", e);
    }
  }
}
