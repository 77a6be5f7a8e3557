package dev.ketch.scheduler.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.scheduler.framework.PodActions;
import dev.ketch.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The scheduler's writes to the API server, made with the fabric8 client's HTTP client (so with
 * its credentials) as plain requests: pods/binding, strategic-merge patches of pods/status, pod
 * deletion, and Events. Asynchronous at heart ({@link #send}); the {@link PodActions} methods wait
 * for the answer and are called from binding or preemption threads. Thread-safe.
 */
public final class ApiCalls implements PodActions {

  static final String SMP = "application/strategic-merge-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private final InstantSource clock;

  /** An answer: the HTTP code and the body. */
  public record Response(int code, String body) {
    boolean ok() {
      return code >= 200 && code < 300;
    }
  }

  public ApiCalls(KubernetesClient client, InstantSource clock) {
    this.http = client.getHttpClient();
    String url = client.getMasterUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.clock = clock;
  }

  /** Sends a request; the future fails only when no answer came. */
  public CompletableFuture<Response> send(String method, String path, String contentType, String body) {
    HttpRequest.Builder b = http.newHttpRequestBuilder().uri(base + path).header("Accept", "application/json");
    if (body == null) {
      b.method(method, null, (String) null);
    } else {
      b.method(method, contentType, body);
    }
    return http.sendAsync(b.build(), String.class).thenApply(ApiCalls::toResponse);
  }

  private static Response toResponse(HttpResponse<String> r) {
    return new Response(r.code(), r.body() == null ? "" : r.body());
  }

  private Response call(String method, String path, String contentType, String body) {
    try {
      return send(method, path, contentType, body).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted");
    } catch (ExecutionException | CompletionException e) {
      throw new ApiException(0, method + " " + path + " failed: " + e.getCause());
    }
  }

  static String podPath(String namespace, String name) {
    return "/api/v1/namespaces/" + enc(namespace) + "/pods/" + enc(name);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void bind(PodInfo pod, String nodeName) {
    ObjectNode binding = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Binding");
    binding.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace()).put("uid", pod.uid());
    binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", nodeName);
    Response r = call("POST", podPath(pod.namespace(), pod.name()) + "/binding", "application/json", binding.toString());
    if (!r.ok()) {
      throw new ApiException(r.code(), message(r));
    }
  }

  @Override
  public void preempt(PodInfo victim, PodInfo preemptor) {
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode condition = patch.putObject("status").putArray("conditions").addObject();
    condition.put("type", "DisruptionTarget").put("status", "True").put("reason", "PreemptionByScheduler")
        .put("message", PodInfo.schedulerNameOf(preemptor.pod()) + ": preempting to accommodate a higher priority pod")
        .put("lastTransitionTime", now());
    Response r = call("PATCH", podPath(victim.namespace(), victim.name()) + "/status", SMP, patch.toString());
    if (r.code() == 404) {
      return;
    }
    if (!r.ok()) {
      throw new ApiException(r.code(), message(r));
    }
    ObjectNode options = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "DeleteOptions");
    options.putObject("preconditions").put("uid", victim.uid());
    Response d = call("DELETE", podPath(victim.namespace(), victim.name()), "application/json", options.toString());
    if (!d.ok() && d.code() != 404 && d.code() != 409) {
      throw new ApiException(d.code(), message(d));
    }
  }

  @Override
  public void setNominatedNodeName(PodInfo pod, String nodeName) {
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode status = patch.putObject("status");
    if (nodeName == null || nodeName.isEmpty()) {
      status.putNull("nominatedNodeName");
    } else {
      status.put("nominatedNodeName", nodeName);
    }
    Response r = call("PATCH", podPath(pod.namespace(), pod.name()) + "/status", SMP, patch.toString());
    if (!r.ok() && r.code() != 404) {
      throw new ApiException(r.code(), message(r));
    }
  }

  /**
   * Sets the PodScheduled=False condition (and the nomination, when not null) with a strategic
   * merge patch of pods/status, asynchronously.
   */
  public CompletableFuture<Response> patchUnschedulable(PodInfo pod, String reason, String message, String nominatedNodeName) {
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode status = patch.putObject("status");
    status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False").putNull("lastProbeTime")
        .put("lastTransitionTime", now()).put("reason", reason).put("message", message);
    if (nominatedNodeName != null) {
      if (nominatedNodeName.isEmpty()) {
        status.putNull("nominatedNodeName");
      } else {
        status.put("nominatedNodeName", nominatedNodeName);
      }
    }
    return send("PATCH", podPath(pod.namespace(), pod.name()) + "/status", SMP, patch.toString());
  }

  String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  Instant instant() {
    return clock.instant();
  }

  /** The message of a Status answer, else the body. */
  static String message(Response r) {
    try {
      var node = JSON.readTree(r.body());
      if (node != null && node.hasNonNull("message")) {
        return node.get("message").asText();
      }
    } catch (Exception e) {
      // Not JSON: fall back to the raw body.
    }
    return "HTTP " + r.code() + ": " + r.body();
  }
}
