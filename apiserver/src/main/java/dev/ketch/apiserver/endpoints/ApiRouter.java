package dev.ketch.apiserver.endpoints;

import dev.ketch.apiserver.discovery.DiscoveryEndpoint;
import dev.ketch.apiserver.discovery.DiscoveryResponse;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiHandler;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.http.Headers;
import dev.ketch.apiserver.openapi.OpenApiEndpoint;
import dev.ketch.apiserver.openapi.OpenApiResponse;
import dev.ketch.apiserver.patch.Patcher;
import dev.ketch.apiserver.registry.Registries;
import dev.ketch.apiserver.request.RequestInfo;
import dev.ketch.apiserver.request.RequestInfoParser;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.review.Reviews;
import dev.ketch.apiserver.table.TableConvertors;
import java.util.Map;
import java.util.Optional;

/**
 * Routes API requests: discovery documents, OpenAPI documents, then resources. The health paths
 * and /version are answered before it (by the HTTP layer's basic endpoints). Thread-safe.
 */
public final class ApiRouter implements ApiHandler {

  private final Registries registries;
  private final DiscoveryEndpoint discovery;
  private final OpenApiEndpoint openApi;
  private final ResourceEndpoints resources;

  public ApiRouter(
      Registries registries,
      DiscoveryEndpoint discovery,
      OpenApiEndpoint openApi,
      TableConvertors tables,
      Patcher patcher,
      ProtobufBodies protobuf,
      Reviews reviews,
      dev.ketch.apiserver.kubelet.PodStreams streams, dev.ketch.apiserver.serviceaccount.ServiceAccountTokens tokens) {
    this.registries = registries;
    this.discovery = discovery;
    this.openApi = openApi;
    this.resources = new ResourceEndpoints(registries, tables, patcher, protobuf == null ? null : protobuf::decode, reviews, streams, tokens);
  }

  /** Decodes protobuf request bodies (the {@code k8s\0} envelope) into JSON objects. */
  @FunctionalInterface
  public interface ProtobufBodies {
    com.fasterxml.jackson.databind.node.ObjectNode decode(byte[] body);
  }

  @Override
  public void handle(ApiRequest request, ApiResponse response) throws Exception {
    String method = request.method();
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (read) {
      Optional<DiscoveryResponse> d = discovery.serve(request.path(), request.header("Accept"), request.header("If-None-Match"));
      if (d.isPresent()) {
        send(response, d.get().status(), d.get().headers(), d.get().body());
        return;
      }
      Optional<OpenApiResponse> o =
          openApi.serve(request.path(), request.rawQuery(), request.header("Accept"), request.header("If-None-Match"));
      if (o.isPresent()) {
        send(response, o.get().status(), o.get().headers(), o.get().body());
        return;
      }
    }
    RequestInfo info = RequestInfoParser.parse(method, request.path(), ListQuery.isWatch(request));
    if (!info.resourceRequest()) {
      throw StatusException.notFound("the server could not find the requested resource");
    }
    ResourceType type = registries.catalog().byResource(info.groupVersion(), info.resource())
        .orElseThrow(() -> StatusException.notFound("the server could not find the requested resource"));
    resources.handle(request, response, info, type);
  }

  private static void send(ApiResponse response, int status, Map<String, String> headers, byte[] body) {
    Headers.Builder b = Headers.builder();
    String contentType = "application/json";
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = h.getValue();
      } else if (!h.getKey().equalsIgnoreCase("Content-Length")) {
        b.add(h.getKey(), h.getValue());
      }
    }
    response.send(status, contentType, b.build(), body);
  }
}
