package dev.ketch.controllers.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON patch (RFC 6902) being built. Controllers use {@code test} operations as preconditions:
 * the server applies the whole patch or none of it, so a patch that tests an object's uid and the
 * element it removes cannot change a different object or a list that moved meanwhile. Not
 * thread-safe.
 */
public final class JsonPatch {

  private final List<Map<String, Object>> operations = new ArrayList<>();

  public JsonPatch test(String path, Object value) {
    return op("test", path, value, true);
  }

  public JsonPatch remove(String path) {
    return op("remove", path, null, false);
  }

  /** Adds, or replaces when the member exists. */
  public JsonPatch add(String path, Object value) {
    return op("add", path, value, true);
  }

  public JsonPatch replace(String path, Object value) {
    return op("replace", path, value, true);
  }

  private JsonPatch op(String op, String path, Object value, boolean withValue) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    if (withValue) {
      m.put("value", value);
    }
    operations.add(m);
    return this;
  }

  public boolean isEmpty() {
    return operations.isEmpty();
  }

  /** The operations, for serializing. */
  public List<Map<String, Object>> operations() {
    return List.copyOf(operations);
  }

  /** A JSON pointer segment: {@code ~} and {@code /} escaped. */
  public static String segment(String s) {
    return s.replace("~", "~0").replace("/", "~1");
  }
}
