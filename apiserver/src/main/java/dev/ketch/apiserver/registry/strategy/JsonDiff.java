package dev.ketch.apiserver.registry.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The differences between two objects as JSON, one line per changed leaf, for messages that show
 * what an update tried to change (Kubernetes prints a Go diff there; this is its plain cousin).
 */
final class JsonDiff {

  private JsonDiff() {}

  /** Whether the two values serialise to the same JSON. */
  static boolean same(Object a, Object b) {
    return tree(a).equals(tree(b));
  }

  /** {@code "- path: old"} / {@code "+ path: new"} lines, under a header naming the type. */
  static String render(String typeName, Object before, Object after) {
    List<String> lines = new ArrayList<>();
    diff("", tree(before), tree(after), lines);
    StringBuilder sb = new StringBuilder("  ").append(typeName).append("{\n");
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    return sb.append("  }\n").toString();
  }

  private static JsonNode tree(Object o) {
    return o == null ? Json.mapper().nullNode() : Json.mapper().valueToTree(o);
  }

  private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a.equals(b)) {
      return;
    }
    if (a.isObject() && b.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      a.fieldNames().forEachRemaining(names::add);
      for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      for (String n : names) {
        diff(path.isEmpty() ? n : path + "." + n, orMissing(a.get(n)), orMissing(b.get(n)), out);
      }
      return;
    }
    if (a.isArray() && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        diff(path + "[" + i + "]", a.get(i), b.get(i), out);
      }
      return;
    }
    if (!a.isMissingNode()) {
      out.add("- \t" + path + ": " + a);
    }
    if (!b.isMissingNode()) {
      out.add("+ \t" + path + ": " + b);
    }
  }

  private static JsonNode orMissing(JsonNode n) {
    return n == null ? Json.mapper().missingNode() : n;
  }
}
