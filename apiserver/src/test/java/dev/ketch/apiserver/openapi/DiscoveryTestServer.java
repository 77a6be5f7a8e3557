package dev.ketch.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ketch.apiserver.discovery.DiscoveryEndpoint;
import dev.ketch.apiserver.discovery.DiscoveryResponse;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.GroupVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A throwaway plain-HTTP API server for driving real kubectl in tests: it serves {@code
 * /version}, discovery and OpenAPI through the production endpoints, answers GET on objects that
 * a test {@linkplain #putObject stored} (everything else is kube-apiserver's 404 NotFound Status,
 * which makes kubectl apply create), and answers POST and PATCH by echoing the stored or sent
 * object. It records every request so tests can check what kubectl sent. Owns one thread pool,
 * stopped by {@link #close()}.
 */
final class DiscoveryTestServer implements AutoCloseable {

  /** One request as received. */
  record Request(String method, String path, String query, String accept, String contentType, String body) {
    boolean queryHas(String param) {
      return query != null && java.util.Arrays.asList(query.split("&")).contains(param);
    }
  }

  private static final String VERSION =
      """
      {"major":"1","minor":"32","gitVersion":"v1.32.0","gitCommit":"0000000000000000000000000000000000000000",\
      "gitTreeState":"clean","buildDate":"2025-01-01T00:00:00Z","goVersion":"go1.23.4","compiler":"gc",\
      "platform":"linux/amd64"}""";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final DiscoveryEndpoint discovery;
  private final OpenApiEndpoint openapi;
  private final UnknownFields unknownFields;
  private final Map<String, JsonNode> objects = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  DiscoveryTestServer(DiscoveryEndpoint discovery, OpenApiEndpoint openapi, UnknownFields unknownFields) {
    this.discovery = discovery;
    this.openapi = openapi;
    this.unknownFields = unknownFields;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Makes GET on {@code path} answer with this object. */
  void putObject(String path, JsonNode object) {
    objects.put(path, object);
  }

  void removeObject(String path) {
    objects.remove(path);
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the requests recorded so far. */
  void clearRequests() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      requests.add(new Request(method, path, query, accept, exchange.getRequestHeaders().getFirst("Content-Type"), body));
      String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
      if (method.equals("GET") && path.equals("/version")) {
        send(exchange, 200, Map.of("Content-Type", "application/json"), VERSION.getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (method.equals("GET")) {
        Optional<DiscoveryResponse> d = discovery.serve(path, accept, ifNoneMatch);
        if (d.isPresent()) {
          send(exchange, d.get().status(), d.get().headers(), d.get().body());
          return;
        }
        Optional<OpenApiResponse> o = openapi.serve(path, query, accept, ifNoneMatch);
        if (o.isPresent()) {
          send(exchange, o.get().status(), o.get().headers(), o.get().body());
          return;
        }
      }
      JsonNode stored = objects.get(path);
      switch (method) {
        case "GET", "PATCH" -> {
          if (stored != null) {
            send(exchange, 200, Map.of("Content-Type", "application/json"), Json.bytes(stored));
          } else {
            notFound(exchange, path);
          }
        }
        case "POST" -> create(exchange, query, body);
        default -> notFound(exchange, path);
      }
    }
  }

  /**
   * Answers a create by echoing the object, after the strict field check kube-apiserver makes when
   * asked for {@code fieldValidation=Strict}, with its message.
   */
  private void create(HttpExchange exchange, String query, String body) throws IOException {
    JsonNode object = Json.tree(body.getBytes(StandardCharsets.UTF_8));
    if (query != null && query.contains("fieldValidation=Strict")) {
      GroupVersion gv = GroupVersion.parse(object.path("apiVersion").asText());
      String kind = object.path("kind").asText();
      List<String> unknown = unknownFields.find(GroupVersionKind.of(gv, kind), object);
      if (!unknown.isEmpty()) {
        String errors = String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList());
        ObjectNode status = Json.mapper().createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
        status.put("status", "Failure");
        status.put(
            "message",
            "%s in version \"%s\" cannot be handled as a %s: strict decoding error: %s"
                .formatted(kind, gv.version(), kind, errors));
        status.put("reason", "BadRequest").put("code", 400);
        send(exchange, 400, Map.of("Content-Type", "application/json"), Json.bytes(status));
        return;
      }
    }
    send(exchange, 201, Map.of("Content-Type", "application/json"), Json.bytes(object));
  }

  private static void notFound(HttpExchange exchange, String path) throws IOException {
    String[] parts = path.split("/");
    String name = parts[parts.length - 1];
    String resource = parts.length > 1 ? parts[parts.length - 2] : "";
    String status =
        """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"%s \\"%s\\" not found",\
        "reason":"NotFound","details":{"name":"%s","kind":"%s"},"code":404}"""
            .formatted(resource, name, name, resource);
    send(exchange, 404, Map.of("Content-Type", "application/json"), status.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    boolean empty = body.length == 0 || status == 304;
    exchange.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
