package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import java.util.List;
import java.util.Map;

/**
 * JSON patch ({@code application/json-patch+json}, RFC 6902) as kube-apiserver applies it
 * (evanphx/json-patch v4): operations add, remove, replace, move, copy and test, in order, on JSON
 * pointers with {@code ~0}/{@code ~1} escapes; an array index may be {@code -} (append, for add)
 * or negative (counted from the end). Where v4 departs from the RFC this does too: replace of a
 * missing object member adds it, test of a missing member passes against {@code null}, and a
 * missing {@code value} means {@code null}. kubectl rollout undo sends these.
 *
 * <p>Pure: neither argument is changed, the result is a new tree. Thread-safe.
 */
public final class JsonPatch {

  /** The most operations kube-apiserver accepts in one patch. */
  public static final int MAX_OPERATIONS = 10_000;

  private static final List<String> STRING_FIELDS = List.of("op", "path", "from");

  private JsonPatch() {}

  /**
   * Applies a request body to a stored object.
   *
   * @param document the stored object as JSON
   * @param body the request body: a JSON array of operations
   * @return the patched document
   * @throws StatusException 400 BadRequest if the body is not an array of operation objects
   *     ({@code error decoding patch: ...}), 413 if it holds more than {@value #MAX_OPERATIONS}
   *     operations, 422 Invalid if an operation fails (a failed test, a missing path, a bad
   *     index), with the fixed message kube-apiserver gives
   */
  public static JsonNode apply(JsonNode document, byte[] body) {
    return apply(document, PatchBodies.readOrBadRequest(body));
  }

  /**
   * Applies operations already read as JSON; see {@link #apply(JsonNode, byte[])}. A JSON
   * {@code null} is an empty patch.
   */
  public static JsonNode apply(JsonNode document, JsonNode operations) {
    checkShape(operations);
    int count = operations.isNull() ? 0 : operations.size();
    if (count > MAX_OPERATIONS) {
      throw PatchErrors.tooLarge(
          "The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS + ", got " + count);
    }
    // values move into the result, where later operations may change them
    JsonNode ops = operations.deepCopy();
    Document doc = new Document(document.deepCopy());
    for (int i = 0; i < count; i++) {
      JsonNode op = ops.get(i);
      try {
        doc.apply(op.isNull() ? null : (ObjectNode) op);
      } catch (OperationFailed e) {
        throw PatchErrors.rejected();
      }
    }
    return doc.root;
  }

  /** The checks kube-apiserver's strict decoding of the body makes before applying anything. */
  private static void checkShape(JsonNode operations) {
    if (operations.isNull()) {
      return;
    }
    if (!operations.isArray()) {
      throw decodeError(GoValues.jsonTypeName(operations) + " into Go value of type []handlers.jsonPatchOp");
    }
    for (JsonNode op : operations) {
      if (op.isNull()) {
        continue;
      }
      if (!op.isObject()) {
        throw decodeError(GoValues.jsonTypeName(op) + " into Go value of type handlers.jsonPatchOp");
      }
      for (String field : STRING_FIELDS) {
        JsonNode value = op.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
          throw decodeError(
              GoValues.jsonTypeName(value) + " into Go struct field jsonPatchOp." + field + " of type string");
        }
      }
    }
  }

  private static StatusException decodeError(String what) {
    return PatchErrors.badRequest("error decoding patch: json: cannot unmarshal " + what);
  }

  /** An operation that does not apply; upstream words each one, but never shows the words. */
  private static final class OperationFailed extends Exception {
    OperationFailed(String message) {
      super(message, null, false, false);
    }
  }

  /** The document being patched, and the operations on it. */
  private static final class Document {

    private JsonNode root;

    Document(JsonNode root) {
      this.root = root;
    }

    void apply(ObjectNode op) throws OperationFailed {
      String kind = op == null ? "unknown" : text(op, "op", "unknown");
      switch (kind) {
        case "add" -> add(op);
        case "remove" -> remove(op);
        case "replace" -> replace(op);
        case "move" -> move(op);
        case "test" -> test(op);
        case "copy" -> copy(op);
        default -> throw new OperationFailed("Unexpected kind: " + kind);
      }
    }

    private void add(ObjectNode op) throws OperationFailed {
      Target t = find(path(op, "path"));
      t.add(value(op));
    }

    private void remove(ObjectNode op) throws OperationFailed {
      find(path(op, "path")).remove();
    }

    private void replace(ObjectNode op) throws OperationFailed {
      String path = path(op, "path");
      if (path.isEmpty()) {
        JsonNode value = op.get("value");
        if (value == null) {
          throw new OperationFailed("replace operation has no value");
        }
        // upstream wraps a nil error here, so a scalar replacing the document is silently ignored
        if (value.isContainerNode()) {
          root = value.deepCopy();
        }
        return;
      }
      Target t = find(path);
      t.get();
      t.set(value(op));
    }

    private void move(ObjectNode op) throws OperationFailed {
      Target from = find(path(op, "from"));
      JsonNode value = from.get();
      from.remove();
      find(path(op, "path")).add(value == null ? NullNode.getInstance() : value);
    }

    private void copy(ObjectNode op) throws OperationFailed {
      JsonNode value = find(path(op, "from")).get();
      Target to = find(path(op, "path"));
      to.add(value == null ? NullNode.getInstance() : value.deepCopy());
    }

    private void test(ObjectNode op) throws OperationFailed {
      String path = path(op, "path");
      JsonNode expected = op.get("value");
      if (expected == null) {
        throw new OperationFailed("test operation has no value");
      }
      JsonNode actual = path.isEmpty() ? root : find(path).get();
      if (actual == null || actual.isNull()) {
        if (!expected.isNull()) {
          throw new OperationFailed("testing value " + path + " failed");
        }
        return;
      }
      if (!equal(actual, expected)) {
        throw new OperationFailed("testing value " + path + " failed");
      }
    }

    /** The container holding the last token of {@code path}, and that token. */
    private Target find(String path) throws OperationFailed {
      String[] tokens = path.split("/", -1);
      if (tokens.length < 2) {
        throw new OperationFailed("doc is missing path: " + path);
      }
      JsonNode container = root;
      for (int i = 1; i < tokens.length - 1; i++) {
        JsonNode next = new Target(container, decode(tokens[i])).getOrNull();
        if (next == null || !next.isContainerNode()) {
          throw new OperationFailed("doc is missing path: " + path);
        }
        container = next;
      }
      return new Target(container, decode(tokens[tokens.length - 1]));
    }

    private static JsonNode value(ObjectNode op) {
      JsonNode value = op.get("value");
      return value == null ? NullNode.getInstance() : value;
    }

    private static String path(ObjectNode op, String field) throws OperationFailed {
      JsonNode value = op.get(field);
      if (value == null || value.isNull()) {
        throw new OperationFailed("operation missing " + field + " field");
      }
      return value.asText();
    }

    private static String text(ObjectNode op, String field, String absent) {
      JsonNode value = op.get(field);
      return value == null || !value.isTextual() ? absent : value.asText();
    }

    private static String decode(String token) {
      return token.replace("~1", "/").replace("~0", "~");
    }
  }

  /** One member of an object or one position of an array, as a pointer's last token names it. */
  private record Target(JsonNode container, String key) {

    /** The value there; {@code null} for a missing object member. */
    JsonNode get() throws OperationFailed {
      if (container instanceof ObjectNode object) {
        return object.get(key);
      }
      return container.get(index(container.size()));
    }

    JsonNode getOrNull() {
      try {
        return get();
      } catch (OperationFailed e) {
        return null;
      }
    }

    void add(JsonNode value) throws OperationFailed {
      if (container instanceof ObjectNode object) {
        object.set(key, value);
        return;
      }
      ArrayNode array = (ArrayNode) container;
      if (key.equals("-")) {
        array.add(value);
        return;
      }
      int size = array.size() + 1;
      int idx = parseIndex();
      if (idx >= size || idx < -size) {
        throw new OperationFailed("Unable to access invalid index: " + idx);
      }
      array.insert(idx < 0 ? idx + size : idx, value);
    }

    void set(JsonNode value) throws OperationFailed {
      if (container instanceof ObjectNode object) {
        object.set(key, value);
        return;
      }
      ((ArrayNode) container).set(index(container.size()), value);
    }

    void remove() throws OperationFailed {
      if (container instanceof ObjectNode object) {
        if (!object.has(key)) {
          throw new OperationFailed("Unable to remove nonexistent key: " + key);
        }
        object.remove(key);
        return;
      }
      ((ArrayNode) container).remove(index(container.size()));
    }

    /** An existing position: {@code 0 <= i < size}, or {@code -size <= i < 0} from the end. */
    private int index(int size) throws OperationFailed {
      int idx = parseIndex();
      if (idx >= size || idx < -size) {
        throw new OperationFailed("Unable to access invalid index: " + idx);
      }
      return idx < 0 ? idx + size : idx;
    }

    /** Go's strconv.Atoi: an optional sign then decimal digits. */
    private int parseIndex() throws OperationFailed {
      String digits = key.startsWith("+") || key.startsWith("-") ? key.substring(1) : key;
      if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new OperationFailed("value was not a proper array index: '" + key + "'");
      }
      try {
        return Integer.parseInt(key.startsWith("+") ? digits : key);
      } catch (NumberFormatException e) {
        throw new OperationFailed("Unable to access invalid index: " + key);
      }
    }
  }

  /**
   * The equality of upstream's test operation: objects need the same members, arrays the same
   * elements in order, and scalars the same JSON text, so {@code 1} and {@code 1.0} differ.
   */
  static boolean equal(JsonNode a, JsonNode b) {
    if (a.isObject() != b.isObject() || a.isArray() != b.isArray()) {
      return false;
    }
    if (a.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null || e.getValue().isNull() != other.isNull()) {
          return false;
        }
        if (!e.getValue().isNull() && !equal(e.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equal(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.isIntegralNumber() == b.isIntegralNumber() && a.asText().equals(b.asText());
    }
    return a.getNodeType() == b.getNodeType() && a.equals(b);
  }
}
