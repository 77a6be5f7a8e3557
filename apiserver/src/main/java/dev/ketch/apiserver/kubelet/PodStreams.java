package dev.ketch.apiserver.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.http.ClientGoneException;
import dev.ketch.apiserver.http.Upstream;
import dev.ketch.apiserver.registry.Registries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The pods' streaming subresources, served by the pod's kubelet: {@code log} is fetched and
 * streamed, {@code exec}, {@code attach} and {@code portforward} are forwarded with their upgrade
 * headers and the connections spliced, so the client speaks WebSocket or SPDY with the kubelet
 * itself (as upstream's UpgradeAwareHandler). The container is checked against the pod's spec
 * here; whether it runs, the kubelet says. Thread-safe.
 */
public final class PodStreams {

  private static final Set<String> NOT_FORWARDED = Set.of("host", "authorization", "content-length", "transfer-encoding");

  private final Registries registries;
  private final KubeletConnections tls;
  private final KubeletLogs logs;

  public PodStreams(Registries registries, KubeletConnections tls) {
    this.registries = registries;
    this.tls = tls;
    this.logs = new KubeletLogs(tls);
  }

  /** Serves {@code sub} (log, exec, attach or portforward) of {@code pod}. */
  public void serve(ApiRequest request, ApiResponse response, ObjectNode pod, String sub) throws IOException, ClientGoneException {
    String ns = pod.path("metadata").path("namespace").asText();
    String name = pod.path("metadata").path("name").asText();
    String nodeName = pod.path("spec").path("nodeName").asText("");
    if (nodeName.isEmpty()) {
      throw StatusException.badRequest("pod " + name + " does not have a host assigned");
    }
    InetSocketAddress kubelet = kubeletOf(nodeName);
    String query = request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
    switch (sub) {
      case "log" -> logs.stream(kubelet, "/containerLogs/" + ns + "/" + name + "/" + enc(container(request, pod, name)) + query,
          response);
      case "exec", "attach" -> response.relay(new Upstream(kubelet, tls.netty(),
          head(request, "/" + sub + "/" + ns + "/" + name + "/" + enc(container(request, pod, name)) + query, kubelet)));
      case "portforward" -> response.relay(new Upstream(kubelet, tls.netty(),
          head(request, "/portForward/" + ns + "/" + name + query, kubelet)));
      default -> throw StatusException.notFound("the server could not find the requested resource");
    }
  }

  private InetSocketAddress kubeletOf(String nodeName) {
    ObjectNode node;
    try {
      node = registries.registry(registries.type("", "nodes")).get("", nodeName, "");
    } catch (StatusException e) {
      throw StatusException.unavailable("node " + nodeName + " of the pod is not registered");
    }
    String address = null;
    for (JsonNode a : node.path("status").path("addresses")) {
      if ("InternalIP".equals(a.path("type").asText())) {
        address = a.path("address").asText();
        break;
      }
    }
    int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
    if (address == null || port <= 0) {
      throw StatusException.unavailable("node " + nodeName + " reports no kubelet address");
    }
    return new InetSocketAddress(address, port);
  }

  /** The named container, else the default one; it must be one of the pod's. */
  private static String container(ApiRequest request, ObjectNode pod, String name) {
    List<String> names = new ArrayList<>();
    for (String kind : List.of("containers", "initContainers", "ephemeralContainers")) {
      pod.path("spec").path(kind).forEach(c -> names.add(c.path("name").asText()));
    }
    String wanted = request.queryParameter("container");
    if (wanted == null || wanted.isEmpty()) {
      String annotated = pod.path("metadata").path("annotations").path("kubectl.kubernetes.io/default-container").asText("");
      JsonNode containers = pod.path("spec").path("containers");
      if (!annotated.isEmpty() && names.contains(annotated)) {
        return annotated;
      }
      if (containers.size() == 1) {
        return containers.get(0).path("name").asText();
      }
      List<String> main = new ArrayList<>();
      containers.forEach(c -> main.add(c.path("name").asText()));
      throw StatusException.badRequest("a container name must be specified for pod " + name + ", choose one of: " + main);
    }
    if (!names.contains(wanted)) {
      throw StatusException.badRequest("container " + wanted + " is not valid for pod " + name);
    }
    return wanted;
  }

  /** The request as the kubelet gets it: its own path, the client's upgrade headers, no credentials. */
  private static byte[] head(ApiRequest request, String pathAndQuery, InetSocketAddress kubelet) {
    StringBuilder b = new StringBuilder();
    b.append(request.method()).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
    b.append("Host: ").append(kubelet.getHostString()).append(':').append(kubelet.getPort()).append("\r\n");
    for (String field : request.headers().names()) {
      if (NOT_FORWARDED.contains(field.toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : request.headers().all(field)) {
        b.append(field).append(": ").append(value).append("\r\n");
      }
    }
    b.append("Content-Length: ").append(request.body().length).append("\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(request.body());
    return out.toByteArray();
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
