package dev.ketch.apiserver.endpoints;

import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.registry.ListOptions;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.selection.ObjectAttributes;
import dev.ketch.apiserver.selection.SelectableFields;
import dev.ketch.apiserver.selection.Selection;
import java.time.Duration;

/** The query parameters of a list or watch, parsed and checked. */
record ListQuery(ListOptions options, Duration timeout) {

  /** Without timeoutSeconds, a watch ends after a random 30–60 minutes, as kube-apiserver's. */
  static Duration defaultWatchTimeout() {
    return Duration.ofMinutes(30).plusSeconds((long) (Math.random() * 1800));
  }

  static ListQuery parse(ApiRequest request, ResourceType type) {
    SelectableFields fields = SelectableFields.forResource(type);
    String labelQuery = orEmpty(request.queryParameter("labelSelector"));
    String fieldQuery = orEmpty(request.queryParameter("fieldSelector"));
    Selection selection = Selection.parse(labelQuery, fieldQuery, fields);
    long limit = parseLong(request.queryParameter("limit"), "limit");
    String rvMatch = orEmpty(request.queryParameter("resourceVersionMatch"));
    String rv = orEmpty(request.queryParameter("resourceVersion"));
    if (!rvMatch.isEmpty() && !rvMatch.equals("NotOlderThan") && !rvMatch.equals("Exact")) {
      throw StatusException.badRequest("resourceVersionMatch: Unsupported value: \"" + rvMatch
          + "\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
    }
    if (!rvMatch.isEmpty() && rv.isEmpty()) {
      throw StatusException.badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
    }
    String sendInitial = request.queryParameter("sendInitialEvents");
    Boolean initialEvents = sendInitial == null ? null : Boolean.valueOf(sendInitial);
    boolean bookmarks = Boolean.parseBoolean(request.queryParameter("allowWatchBookmarks"));
    String timeout = request.queryParameter("timeoutSeconds");
    Duration t = timeout == null ? null : Duration.ofSeconds(parseLong(timeout, "timeoutSeconds"));
    ListOptions options =
        new ListOptions(
            selection.isEverything() ? o -> true : o -> selection.matches(new ObjectAttributes(o.labels(), o.fields())),
            !selection.isEverything(),
            rv,
            rvMatch,
            limit,
            orEmpty(request.queryParameter("continue")),
            bookmarks,
            initialEvents);
    return new ListQuery(options, t);
  }

  static boolean isWatch(ApiRequest request) {
    String w = request.queryParameter("watch");
    return "true".equals(w) || "1".equals(w);
  }

  private static long parseLong(String value, String name) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      long v = Long.parseLong(value);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw StatusException.badRequest("invalid value for " + name + ": " + value);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
