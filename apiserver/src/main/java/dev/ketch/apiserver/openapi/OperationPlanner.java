package dev.ketch.apiserver.openapi;

import dev.ketch.apiserver.openapi.PathItem.Body;
import dev.ketch.apiserver.openapi.PathItem.In;
import dev.ketch.apiserver.openapi.PathItem.Operation;
import dev.ketch.apiserver.openapi.PathItem.Parameter;
import dev.ketch.apiserver.openapi.PathItem.Response;
import dev.ketch.apiserver.openapi.Shape.Primitive;
import dev.ketch.apiserver.openapi.Shape.Ref;
import dev.ketch.apiserver.openapi.Shape.Unknown;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.resource.Subresource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lays out the paths and operations of a group version the way kube-apiserver's installer does:
 * collection, item, all-namespaces and (deprecated) watch paths, and one path per subresource,
 * each operation with its {@code x-kubernetes-action}, its kind, an operationId in the upstream
 * pattern and its parameters inline.
 *
 * <p>Two details are load-bearing for kubectl: every PATCH operation lists the four patch media
 * types (client-side apply computes a strategic merge patch from the v3 document only when {@code
 * application/strategic-merge-patch+json} is among them), and — when the server implements
 * server-side field validation — every PATCH operation carries an inline {@code fieldValidation}
 * query parameter, which is what kubectl's QueryParamVerifierV3 looks for before it leaves
 * validation to the server. Stateless; thread-safe.
 */
final class OperationPlanner {

  static final List<String> PATCH_TYPES =
      List.of(
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/strategic-merge-patch+json",
          "application/apply-patch+yaml");
  static final List<String> PRODUCES = List.of("application/json", "application/yaml", "application/vnd.kubernetes.protobuf");
  static final List<String> PRODUCES_STREAM =
      List.of(
          "application/json",
          "application/yaml",
          "application/vnd.kubernetes.protobuf",
          "application/json;stream=watch",
          "application/vnd.kubernetes.protobuf;stream=watch");
  static final List<String> PRODUCES_LOG =
      List.of("text/plain", "application/json", "application/yaml", "application/vnd.kubernetes.protobuf");
  static final List<String> ANY = List.of("*/*");

  private static final Set<String> CONNECT = Set.of("exec", "attach", "portforward", "proxy");
  private static final Pattern VERSION_PREFIX = Pattern.compile("^[A-Za-z]+?V\\d+(?:(?:alpha|beta)\\d+)?");

  private static final Parameter PRETTY = query("pretty", "string", "If 'true', the output is pretty printed.");
  private static final Parameter NAMESPACE =
      new Parameter("namespace", In.PATH, "string", "object name and auth scope, such as for teams and projects");
  private static final Parameter DRY_RUN =
      query("dryRun", "string", "When present, the modifications are not persisted. The only valid value is All.");
  private static final Parameter FIELD_MANAGER =
      query("fieldManager", "string", "The name of the actor making the change, recorded in managedFields.");
  private static final Parameter FIELD_VALIDATION =
      query(
          "fieldValidation",
          "string",
          "How the server treats unknown and duplicate fields in the object: Ignore, Warn (the default) or Strict.");
  private static final Parameter FORCE =
      query("force", "boolean", "Force an apply request to take fields owned by other managers. Only for apply patches.");
  private static final List<Parameter> LIST =
      List.of(
          query("allowWatchBookmarks", "boolean", "Ask for BOOKMARK events in a watch."),
          query("continue", "string", "The continue token of the previous page of a paged list."),
          query("fieldSelector", "string", "Select objects by their fields, e.g. metadata.name=x."),
          query("labelSelector", "string", "Select objects by their labels."),
          query("limit", "integer", "The largest number of objects to return in one page."),
          query("resourceVersion", "string", "The resource version the list or watch starts from."),
          query("resourceVersionMatch", "string", "How resourceVersion applies: NotOlderThan or Exact."),
          query("sendInitialEvents", "boolean", "Start a watch with the current objects, ended by a bookmark."),
          query("timeoutSeconds", "integer", "End the call after this many seconds."),
          query("watch", "boolean", "Watch for changes instead of listing."));
  private static final List<Parameter> DELETE =
      List.of(
          DRY_RUN,
          query("gracePeriodSeconds", "integer", "Seconds before the object is deleted; 0 deletes at once."),
          query(
              "ignoreStoreReadErrorWithClusterBreakingPotential",
              "boolean",
              "Delete an object that cannot be read from storage. Dangerous."),
          query("orphanDependents", "boolean", "Deprecated: use propagationPolicy."),
          query("propagationPolicy", "string", "How dependents are collected: Orphan, Background or Foreground."));
  private static final List<Parameter> LOG =
      List.of(
          query("container", "string", "The container to read; defaults to the only container or the default one."),
          query("follow", "boolean", "Stream the log as it grows."),
          query("insecureSkipTLSVerifyBackend", "boolean", "Skip verifying the kubelet's serving certificate."),
          query("limitBytes", "integer", "Stop after this many bytes."),
          query("previous", "boolean", "Read the log of the previous, terminated container."),
          query("sinceSeconds", "integer", "Only lines newer than this many seconds."),
          query("sinceTime", "string", "Only lines newer than this RFC 3339 time."),
          query("tailLines", "integer", "Only this many lines from the end."),
          query("timestamps", "boolean", "Prefix every line with its RFC 3339 timestamp."));
  private static final List<Parameter> STREAMS =
      List.of(
          query("container", "string", "The container to attach to."),
          query("stderr", "boolean", "Redirect the standard error stream."),
          query("stdin", "boolean", "Redirect the standard input stream."),
          query("stdout", "boolean", "Redirect the standard output stream."),
          query("tty", "boolean", "Allocate a terminal."));

  private final ModelSchemas schemas;
  private final boolean fieldValidation;

  /**
   * @param schemas the definitions the operations refer to
   * @param fieldValidation whether PATCH, POST and PUT advertise {@code fieldValidation}; only
   *     when the server honours it, since kubectl then stops validating on its own
   */
  OperationPlanner(ModelSchemas schemas, boolean fieldValidation) {
    this.schemas = schemas;
    this.fieldValidation = fieldValidation;
  }

  /** The path items of a group version, its discovery root first. */
  List<PathItem> plan(ResourceCatalog catalog, GroupVersion gv) {
    List<PathItem> out = new ArrayList<>();
    String prefix = gv.path();
    out.add(
        new PathItem(
            prefix + "/",
            List.of(),
            List.of(
                new Operation("get", null, "get" + idPart(gv) + "APIResources", "get available resources", tag(gv), null,
                    List.of(), null, PRODUCES, List.of(ok(new Ref(DefinitionNames.API_RESOURCE_LIST)), UNAUTHORIZED)))));
    for (ResourceType type : catalog.inGroupVersion(gv)) {
      plan(type, out);
    }
    return out;
  }

  /**
   * What the operations of one resource or subresource share: the kind they act on, the stem of
   * their operation ids (e.g. {@code AppsV1NamespacedDeployment}), their tag and the shapes of one
   * object and of a list of them.
   */
  private record Target(GroupVersionKind kind, String stem, String tag, Shape object, Shape list) {}

  private void plan(ResourceType type, List<PathItem> out) {
    GroupVersion gv = type.groupVersion();
    GroupVersionKind kind = GroupVersionKind.of(gv, type.kind());
    Shape object = new Ref(schemas.nameOf(kind).orElseThrow());
    Shape list = type.listClass() == null ? null : new Ref(schemas.nameOf(GroupVersionKind.of(gv, type.listKind())).orElseThrow());
    String scopeName = type.namespaced() ? "Namespaced" : "";
    Target t = new Target(kind, idPart(gv) + scopeName + type.kind(), tag(gv), object, list);
    String base = gv.path() + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
    List<Parameter> scope = type.namespaced() ? List.of(NAMESPACE, PRETTY) : List.of(PRETTY);
    List<Parameter> itemScope = concat(List.of(name(type.kind())), scope);
    String k = type.kind();

    List<Operation> collection = new ArrayList<>();
    if (type.verbs().contains("list")) {
      collection.add(op(t, "get", "list", "list" + t.stem(), "list or watch objects of kind " + k,
          LIST, null, PRODUCES_STREAM, ok(list)));
    }
    if (type.verbs().contains("create")) {
      collection.add(op(t, "post", "post", "create" + t.stem(), "create " + article(k),
          writes(), new Body(object, ANY, true), PRODUCES, ok(object), created(object), accepted(object)));
    }
    if (type.verbs().contains("deletecollection")) {
      collection.add(op(t, "delete", "deletecollection", "deleteCollection" + t.stem(), "delete collection of " + k,
          concat(DELETE, LIST), deleteOptions(), PRODUCES, ok(new Ref(DefinitionNames.STATUS))));
    }
    add(out, base, scope, collection);

    List<Operation> item = new ArrayList<>();
    if (type.verbs().contains("get")) {
      item.add(op(t, "get", "get", "read" + t.stem(), "read the specified " + k, List.of(), null, PRODUCES, ok(object)));
    }
    if (type.verbs().contains("update")) {
      item.add(op(t, "put", "put", "replace" + t.stem(), "replace the specified " + k,
          writes(), new Body(object, ANY, true), PRODUCES, ok(object), created(object)));
    }
    if (type.verbs().contains("patch")) {
      item.add(patch(t, "patch" + t.stem(), "partially update the specified " + k, object));
    }
    if (type.verbs().contains("delete")) {
      item.add(op(t, "delete", "delete", "delete" + t.stem(), "delete " + article(k),
          DELETE, deleteOptions(), PRODUCES, ok(object), accepted(object)));
    }
    add(out, base + "/{name}", itemScope, item);

    for (Subresource sub : type.subresources()) {
      out.add(subresource(type, sub, base + "/{name}/" + sub.name(), itemScope, t.stem()));
    }

    String allNamespaces = idPart(gv) + k;
    if (type.namespaced() && type.verbs().contains("list")) {
      add(out, gv.path() + "/" + type.plural(), List.of(PRETTY),
          List.of(op(t, "get", "list", "list" + allNamespaces + "ForAllNamespaces", "list or watch objects of kind " + k,
              LIST, null, PRODUCES_STREAM, ok(list))));
    }
    if (type.verbs().contains("watch")) {
      Shape event = new Ref(DefinitionNames.WATCH_EVENT);
      String deprecated = ". deprecated: use the 'watch' parameter with a list operation instead";
      String watchBase = gv.path() + "/watch" + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
      add(out, watchBase, concat(scope, LIST),
          List.of(op(t, "get", "watchlist", "watch" + t.stem() + "List", "watch individual changes to a list of " + k + deprecated + ".",
              List.of(), null, PRODUCES_STREAM, ok(event))));
      add(out, watchBase + "/{name}", concat(itemScope, LIST),
          List.of(op(t, "get", "watch", "watch" + t.stem(), "watch changes to an object of kind " + k + deprecated
              + ", filtered to a single item with the 'fieldSelector' parameter.", List.of(), null, PRODUCES_STREAM, ok(event))));
      if (type.namespaced()) {
        add(out, gv.path() + "/watch/" + type.plural(), concat(List.of(PRETTY), LIST),
            List.of(op(t, "get", "watchlist", "watch" + allNamespaces + "ListForAllNamespaces",
                "watch individual changes to a list of " + k + deprecated + ".", List.of(), null, PRODUCES_STREAM, ok(event))));
      }
    }
  }

  private PathItem subresource(ResourceType type, Subresource sub, String path, List<Parameter> scope, String parentStem) {
    GroupVersion gv = sub.groupVersion() == null ? type.groupVersion() : sub.groupVersion();
    GroupVersionKind kind = GroupVersionKind.of(gv, sub.kind());
    Shape object = schemas.nameOf(kind).<Shape>map(Ref::new).orElse(new Unknown());
    Target t = new Target(kind, parentStem + capitalize(sub.name()), tag(type.groupVersion()), object, null);
    String what = sub.name() + " of the specified " + type.kind();
    List<Operation> operations = new ArrayList<>();
    if (CONNECT.contains(sub.name())) {
      List<Parameter> params = switch (sub.name()) {
        case "exec" -> concat(List.of(query("command", "string", "The command to run, one argument per parameter.")), STREAMS);
        case "attach" -> STREAMS;
        case "portforward" -> List.of(query("ports", "integer", "The ports to forward."));
        default -> List.of();
      };
      // connectCoreV1GetNamespacedPodExec: the HTTP method goes between the group version and the rest.
      int split = versionEnd(t.stem());
      for (String method : List.of("get", "post")) {
        if (sub.verbs().contains(method.equals("get") ? "get" : "create")) {
          String id = "connect" + t.stem().substring(0, split) + capitalize(method) + t.stem().substring(split);
          operations.add(op(t, method, "connect", id, "connect " + method.toUpperCase(Locale.ROOT) + " requests to " + what,
              params, null, ANY, ok(Primitive.string())));
        }
      }
    } else if (sub.name().equals("log")) {
      operations.add(op(t, "get", "get", "read" + t.stem(), "read " + what, LOG, null, PRODUCES_LOG, ok(Primitive.string())));
    } else {
      if (sub.verbs().contains("get")) {
        operations.add(op(t, "get", "get", "read" + t.stem(), "read " + what, List.of(), null, PRODUCES, ok(object)));
      }
      if (sub.verbs().contains("create")) {
        operations.add(op(t, "post", "post", "create" + t.stem(), "create " + what,
            writes(), new Body(object, ANY, true), PRODUCES, ok(object), created(object), accepted(object)));
      }
      if (sub.verbs().contains("update")) {
        operations.add(op(t, "put", "put", "replace" + t.stem(), "replace " + what,
            writes(), new Body(object, ANY, true), PRODUCES, ok(object), created(object)));
      }
      if (sub.verbs().contains("patch")) {
        operations.add(patch(t, "patch" + t.stem(), "partially update " + what, object));
      }
    }
    return new PathItem(path, scope, operations);
  }

  private Operation patch(Target t, String id, String description, Shape object) {
    List<Parameter> params = new ArrayList<>(List.of(DRY_RUN, FIELD_MANAGER));
    if (fieldValidation) {
      params.add(FIELD_VALIDATION);
    }
    params.add(FORCE);
    return op(t, "patch", "patch", id, description,
        params, new Body(new Ref(DefinitionNames.PATCH), PATCH_TYPES, true), PRODUCES, ok(object), created(object));
  }

  private List<Parameter> writes() {
    return fieldValidation ? List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION) : List.of(DRY_RUN, FIELD_MANAGER);
  }

  private static Operation op(
      Target t, String method, String action, String id, String description, List<Parameter> params, Body body,
      List<String> produces, Response... responses) {
    List<Response> all = concat(List.of(responses), List.of(UNAUTHORIZED));
    return new Operation(method, action, id, description, t.tag(), t.kind(), params, body, produces, all);
  }

  private static final Response UNAUTHORIZED = new Response(401, "Unauthorized", null);

  private static Response ok(Shape schema) {
    return new Response(200, "OK", schema);
  }

  private static Response created(Shape schema) {
    return new Response(201, "Created", schema);
  }

  private static Response accepted(Shape schema) {
    return new Response(202, "Accepted", schema);
  }

  private static Body deleteOptions() {
    return new Body(new Ref(DefinitionNames.DELETE_OPTIONS), ANY, false);
  }

  private static Parameter query(String name, String type, String description) {
    return new Parameter(name, In.QUERY, type, description);
  }

  private static Parameter name(String kind) {
    return new Parameter("name", In.PATH, "string", "name of the " + kind);
  }

  private static void add(List<PathItem> out, String path, List<Parameter> params, List<Operation> ops) {
    if (!ops.isEmpty()) {
      out.add(new PathItem(path, params, ops));
    }
  }

  /** The group-version part of operation ids: CoreV1, AppsV1, RbacAuthorizationV1. */
  static String idPart(GroupVersion gv) {
    StringBuilder out = new StringBuilder();
    if (gv.isCore()) {
      out.append("Core");
    } else {
      for (String part : gv.group().replaceFirst("\\.k8s\\.io$", "").split("\\.")) {
        out.append(capitalize(part));
      }
    }
    return out.append(capitalize(gv.version())).toString();
  }

  /** The tag of a group version's operations: core_v1, apps_v1, rbacAuthorization_v1. */
  static String tag(GroupVersion gv) {
    if (gv.isCore()) {
      return "core_" + gv.version();
    }
    String[] parts = gv.group().replaceFirst("\\.k8s\\.io$", "").split("\\.");
    StringBuilder out = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      out.append(capitalize(parts[i]));
    }
    return out.append('_').append(gv.version()).toString();
  }

  /** Where "CoreV1" (or "AppsV1beta2") ends in an id stem such as CoreV1NamespacedPod. */
  private static int versionEnd(String idStem) {
    Matcher m = VERSION_PREFIX.matcher(idStem);
    return m.find() ? m.end() : 0;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String article(String kind) {
    return ("AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
  }

  @SafeVarargs
  private static <T> List<T> concat(List<? extends T>... lists) {
    return Stream.of(lists).<T>flatMap(List::stream).toList();
  }
}
