package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.cache.CacheWatch;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.http.Headers;
import dev.ketch.apiserver.http.ResponseStream;
import dev.ketch.apiserver.http.WebSocketHandshake;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.patch.PatchType;
import dev.ketch.apiserver.patch.Patcher;
import dev.ketch.apiserver.registry.DeleteResult;
import dev.ketch.apiserver.registry.ListResult;
import dev.ketch.apiserver.registry.Registries;
import dev.ketch.apiserver.registry.ResourceRegistry;
import dev.ketch.apiserver.registry.WriteOptions;
import dev.ketch.apiserver.request.RequestInfo;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.review.Reviews;
import dev.ketch.apiserver.table.TableConvertor;
import dev.ketch.apiserver.table.TableConvertors;
import dev.ketch.apiserver.table.TableOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The verbs on resources: get, list, watch, create, update, patch, delete and deletecollection of
 * objects, with their query parameters, request bodies and representations. Subresources are in
 * {@link Subresources}. Thread-safe.
 */
final class ResourceEndpoints {

  private final Registries registries;
  private final TableConvertors tables;
  private final Patcher patcher;
  private final RequestBody.ProtobufDecoder protobuf;
  private final Subresources subresources;
  private final Reviews reviews;

  ResourceEndpoints(
      Registries registries, TableConvertors tables, Patcher patcher, RequestBody.ProtobufDecoder protobuf, Reviews reviews,
      dev.ketch.apiserver.kubelet.PodStreams streams, dev.ketch.apiserver.serviceaccount.ServiceAccountTokens tokens) {
    this.registries = registries;
    this.tables = tables;
    this.patcher = patcher;
    this.protobuf = protobuf;
    this.subresources = new Subresources(registries, patcher, this, protobuf, streams, tokens);
    this.reviews = reviews;
  }

  void handle(ApiRequest request, ApiResponse response, RequestInfo info, ResourceType type) throws Exception {
    if (type.namespaced() && !info.hasNamespace() && !info.verb().equals("list") && !info.verb().equals("watch")
        && !info.verb().equals("deletecollection")) {
      throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    if (!type.namespaced() && info.hasNamespace() && !type.plural().equals("namespaces")) {
      throw StatusException.notFound("the server could not find the requested resource");
    }
    String ns = type.namespaced() ? info.namespace() : "";
    if (!type.stored()) {
      review(request, response, info, type, ns);
      return;
    }
    if (info.hasSubresource()) {
      subresources.handle(request, response, info, type, ns);
      return;
    }
    ResourceRegistry registry = registries.registry(type);
    switch (info.verb()) {
      case "get" -> get(request, response, registry, ns, info.name());
      case "list" -> list(request, response, registry, ns);
      case "watch" -> watch(request, response, registry, ns, info);
      case "create" -> create(request, response, registry, ns);
      case "update" -> update(request, response, registry, ns, info.name(), "");
      case "patch" -> patch(request, response, registry, ns, info.name(), "");
      case "delete" -> delete(request, response, registry, ns, info.name());
      case "deletecollection" -> deleteCollection(request, response, registry, ns);
      default -> throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  private void get(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns, String name) {
    ObjectNode object = registry.get(ns, name, orEmpty(request.queryParameter("resourceVersion")));
    Representation rep = Representation.negotiate(request.header("Accept"));
    if (rep.table()) {
      TableConvertor convertor = tables.forResource(registry.type());
      object = convertor.convertStored(object, tableOptions(request, rep)).toJson();
    }
    Responses.object(response, 200, object, List.of());
  }

  private void list(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns) {
    ListQuery q = ListQuery.parse(request, registry.type());
    ListResult result = registry.list(ns, q.options());
    Representation rep = Representation.negotiate(request.header("Accept"));
    if (rep.table()) {
      ObjectNode table = Responses.table(tables.forResource(registry.type()), result, tableOptions(request, rep));
      Responses.object(response, 200, table, List.of());
      return;
    }
    response.send(200, Responses.JSON, Responses.list(registry.type(), result));
  }

  private void watch(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns, RequestInfo info)
      throws Exception {
    // fabric8 watches over a WebSocket, one event per message; other clients over a chunked stream.
    WebSocketHandshake webSocket = WebSocketHandshake.requested(request) ? WebSocketHandshake.of(request, List.of()) : null;
    ListQuery q = ListQuery.parse(request, registry.type());
    Representation rep = Representation.negotiate(request.header("Accept"));
    TableConvertor convertor = rep.table() ? tables.forResource(registry.type()) : null;
    Duration timeout = q.timeout() != null ? q.timeout() : ListQuery.defaultWatchTimeout();
    var options = q.options();
    if (info.hasName()) {
      // A watch of /…/<resource>/<name> is a watch of that one object.
      String name = info.name();
      var selector = options.selector();
      options = options.withSelector(o -> o.name().equals(name) && selector.test(o));
    }
    // Errors (410 Expired, 504 too large) must come before the stream starts.
    ResponseStream stream = null;
    WatchStream sink;
    CacheWatch watch;
    var pending = new StreamOpener(webSocket == null
        ? () -> response.openStream(200, Responses.JSON, Headers.empty())
        : () -> response.openWebSocket(webSocket, true));
    sink = new WatchStream(pending, convertor, rep.table() ? tableOptions(request, rep) : null);
    watch = registry.watch(ns, options, sink);
    stream = pending.open();
    response.onClose(watch::close);
    try {
      if (!sink.awaitEnd(timeout.toMillis())) {
        watch.close();
        sink.awaitEnd(5_000);
      }
    } finally {
      watch.close();
      stream.close();
    }
  }

  /**
   * Opens the response stream on the first write, so that a watch that fails to start can still
   * answer with a Status, while a watch with no events yet still sends its headers promptly.
   */
  private static final class StreamOpener implements ResponseStream {
    private final Supplier<ResponseStream> opener;
    private ResponseStream stream;

    StreamOpener(Supplier<ResponseStream> opener) {
      this.opener = opener;
    }

    synchronized ResponseStream open() {
      if (stream == null) {
        stream = opener.get();
      }
      return stream;
    }

    @Override
    public void write(byte[] chunk) throws dev.ketch.apiserver.http.ClientGoneException {
      open().write(chunk);
    }

    @Override
    public boolean isClosed() {
      return stream != null && stream.isClosed();
    }

    @Override
    public void close() {
      open().close();
    }
  }

  private void create(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns) {
    FieldValidation.Mode mode = fieldValidation(request);
    ObjectNode body = RequestBody.object(request.body(), request.header("Content-Type"), mode == FieldValidation.Mode.STRICT, protobuf);
    List<String> warnings = RequestBody.validateFields(body, registry.type().modelClass(), mode);
    ObjectNode created = registry.create(ns, body, writeOptions(request));
    Responses.object(response, 201, created, warnings);
  }

  /** A review: created, answered from the request at once, never stored. */
  private void review(ApiRequest request, ApiResponse response, RequestInfo info, ResourceType type, String ns) {
    if (!info.verb().equals("create") || info.hasSubresource()) {
      throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    FieldValidation.Mode mode = fieldValidation(request);
    ObjectNode body = RequestBody.object(request.body(), request.header("Content-Type"), mode == FieldValidation.Mode.STRICT, protobuf);
    String apiVersion = body.path("apiVersion").asText("");
    String kind = body.path("kind").asText("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion()) || !kind.isEmpty() && !kind.equals(type.kind())) {
      throw StatusException.badRequest("the object provided is unrecognized (must be of type " + type.kind() + "): "
          + "object of kind " + kind + " in version " + apiVersion);
    }
    List<String> warnings = RequestBody.validateFields(body, type.modelClass(), mode);
    Responses.object(response, 201, reviews.answer(type, body, request.user(), ns), warnings);
  }

  void update(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns, String name, String subresource) {
    FieldValidation.Mode mode = fieldValidation(request);
    ObjectNode body = RequestBody.object(request.body(), request.header("Content-Type"), mode == FieldValidation.Mode.STRICT, protobuf);
    List<String> warnings = RequestBody.validateFields(body, registry.type().modelClass(), mode);
    ObjectNode updated = registry.update(ns, name, body, writeOptions(request), subresource);
    Responses.object(response, 200, updated, warnings);
  }

  /**
   * The field validation of a create or update. A protobuf body has no unknown or duplicate fields
   * to report: as kube-apiserver, fields its schema does not know are dropped silently.
   */
  private static FieldValidation.Mode fieldValidation(ApiRequest request) {
    FieldValidation.Mode mode = FieldValidation.Mode.parse(request.queryParameter("fieldValidation"));
    return RequestBody.isProtobuf(request.header("Content-Type")) ? FieldValidation.Mode.IGNORE : mode;
  }

  void patch(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns, String name, String subresource) {
    String media = RequestBody.mediaType(request.header("Content-Type"));
    if (media.equals(ApplyPatches.MEDIA_TYPE)) {
      ApplyPatches.apply(request, response, registry, ns, name, subresource);
      return;
    }
    PatchType patchType = PatchType.fromContentType(request.header("Content-Type"))
        .orElseThrow(() -> StatusException.unsupportedMediaType(request.header("Content-Type")));
    WriteRequests.refuseForce(request);
    WriteOptions options = writeOptions(request);
    FieldValidation.Mode mode = FieldValidation.Mode.parse(request.queryParameter("fieldValidation"));
    byte[] patch = request.body();
    List<String> warnings = new ArrayList<>();
    ResourceType type = registry.type();
    ObjectNode patched = registry.patch(ns, name, current -> {
      JsonNode result = patcher.apply(patchType, type.modelClass(), current, patch);
      if (!(result instanceof ObjectNode next)) {
        throw StatusException.badRequest("the patch did not produce an object");
      }
      warnings.clear();
      warnings.addAll(RequestBody.validateFields(next, type.modelClass(), mode));
      return next;
    }, options, subresource);
    Responses.object(response, 200, patched, warnings);
  }

  private void delete(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns, String name) {
    var options = DeleteOptionsParser.parse(request, protobuf);
    DeleteResult r = registry.delete(ns, name, options, writeOptions(request));
    if (r.deleted() && !registry.type().plural().equals("pods")) {
      Responses.object(response, 200, Responses.success(registry.type(), name, r.object().path("metadata").path("uid").asText()), List.of());
      return;
    }
    Responses.object(response, 200, r.object(), List.of());
  }

  private void deleteCollection(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns) {
    ListQuery q = ListQuery.parse(request, registry.type());
    List<ObjectNode> deleted = registry.deleteCollection(ns, q.options(), DeleteOptionsParser.parse(request, protobuf), writeOptions(request));
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("kind", registry.type().listKind()).put("apiVersion", registry.type().apiVersion());
    list.putObject("metadata");
    var items = list.putArray("items");
    deleted.forEach(items::add);
    Responses.object(response, 200, list, List.of());
  }

  /** The write options of a request; see {@link WriteRequests#options}. */
  static WriteOptions writeOptions(ApiRequest request) {
    return WriteRequests.options(request);
  }

  private static TableOptions tableOptions(ApiRequest request, Representation rep) {
    var include = dev.ketch.apiserver.table.IncludeObject.parse(orEmpty(request.queryParameter("includeObject")));
    return new TableOptions(include, false, rep.tableApiVersion());
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
