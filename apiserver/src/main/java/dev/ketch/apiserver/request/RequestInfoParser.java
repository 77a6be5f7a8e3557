package dev.ketch.apiserver.request;

import dev.ketch.apiserver.resource.GroupVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@link RequestInfo} from a request. Recognises both API roots ({@code /api/v1/…} and
 * {@code /apis/<group>/<version>/…}), namespaced and cluster-wide paths, the namespace resource's
 * own paths ({@code /api/v1/namespaces/<name>[/status|/finalize]}), subresources, and watches
 * asked for by query ({@code ?watch=true}) or by the legacy {@code /watch/} path prefix.
 */
public final class RequestInfoParser {

  private static final java.util.Set<String> NAMESPACE_SUBRESOURCES = java.util.Set.of("status", "finalize");

  private RequestInfoParser() {}

  /**
   * @param method the HTTP method, any case
   * @param path the decoded path without the query
   * @param watchQuery whether the query says {@code watch=true} (or 1)
   */
  public static RequestInfo parse(String method, String path, boolean watchQuery) {
    String httpVerb = method.toLowerCase(Locale.ROOT);
    List<String> parts = split(path);
    RequestInfo nonResource = new RequestInfo(false, httpVerb, path, null, "", "", "", "");
    int i;
    GroupVersion gv;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      gv = new GroupVersion("", parts.get(1));
      i = 2;
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      gv = new GroupVersion(parts.get(1), parts.get(2));
      i = 3;
    } else {
      return nonResource;
    }
    if (i == parts.size()) {
      // The group version's own discovery document.
      return new RequestInfo(false, httpVerb, path, gv, "", "", "", "");
    }
    boolean watch = watchQuery;
    if (parts.get(i).equals("watch")) {
      watch = true;
      i++;
    }
    String namespace = "";
    String resource;
    String name = "";
    String subresource = "";
    if (i + 1 < parts.size() && parts.get(i).equals("namespaces")) {
      namespace = parts.get(i + 1);
      // /namespaces/<ns>/<resource>/… names a resource in the namespace, but /namespaces/<ns>,
      // /namespaces/<ns>/status and /namespaces/<ns>/finalize are the namespace object's own.
      if (i + 2 < parts.size() && !NAMESPACE_SUBRESOURCES.contains(parts.get(i + 2))) {
        i += 2;
      }
    }
    if (i >= parts.size()) {
      return nonResource;
    }
    resource = parts.get(i++);
    if (i < parts.size()) {
      name = parts.get(i++);
    }
    if (i < parts.size()) {
      subresource = parts.get(i++);
    }
    if (i < parts.size() && !subresource.equals("proxy")) {
      return new RequestInfo(true, "unknown", path, gv, namespace, resource, name, subresource);
    }
    String verb =
        switch (httpVerb) {
          case "get", "head" -> name.isEmpty() ? (watch ? "watch" : "list") : (watch ? "watch" : "get");
          case "post" -> "create";
          case "put" -> "update";
          case "patch" -> "patch";
          case "delete" -> name.isEmpty() ? "deletecollection" : "delete";
          default -> httpVerb;
        };
    return new RequestInfo(true, verb, path, gv, namespace, resource, name, subresource);
  }

  private static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }
}
