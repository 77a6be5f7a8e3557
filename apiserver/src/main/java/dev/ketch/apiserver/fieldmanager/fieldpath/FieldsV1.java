package dev.ketch.apiserver.fieldmanager.fieldpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The wire form of a {@link FieldSet} in {@code metadata.managedFields[].fieldsV1}: a JSON trie
 * whose keys are serialized path elements ({@code f:name}, {@code k:{"name":"x"}}, {@code
 * v:"value"}, {@code i:0}) and whose leaves are empty objects; an element that is both a member and
 * leads to deeper members carries a {@code ".": {}} entry. Keys are written in the set's order with
 * {@code "."} first, which is also the order clients print them in. Stateless.
 */
public final class FieldsV1 {

  /** A fieldsV1 value that is not a field set. */
  public static final class MalformedException extends Exception {
    public MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  private FieldsV1() {}

  public static ObjectNode encode(FieldSet set) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    write(set, out);
    return out;
  }

  private static void write(FieldSet set, ObjectNode out) {
    TreeSet<PathElement> all = new TreeSet<>(set.members());
    all.addAll(set.children().keySet());
    for (PathElement pe : all) {
      ObjectNode node = out.putObject(pe.serialize());
      FieldSet child = set.children().get(pe);
      if (child != null) {
        if (set.members().contains(pe)) {
          node.putObject(".");
        }
        write(child, node);
      }
    }
  }

  /**
   * Reads a fieldsV1 value. Keys of a kind this version does not know are skipped, as upstream
   * skips them.
   *
   * @throws MalformedException if it is not an object of objects or a key cannot be read
   */
  public static FieldSet decode(JsonNode fields) throws MalformedException {
    if (fields == null || fields.isNull() || fields.isMissingNode()) {
      return FieldSet.empty();
    }
    if (!fields.isObject()) {
      throw new MalformedException("fieldsV1 must be an object");
    }
    Node root = read(fields);
    return root.children == null ? FieldSet.empty() : root.children;
  }

  /** What one JSON object says: its subset, and whether its element is itself a member. */
  private record Node(FieldSet children, boolean member) {}

  private static Node read(JsonNode object) throws MalformedException {
    if (!object.isObject()) {
      throw new MalformedException("expected an object in fieldsV1, got " + object.getNodeType().name().toLowerCase());
    }
    List<PathElement> members = new ArrayList<>();
    Map<PathElement, FieldSet> children = new HashMap<>();
    boolean self = false;
    Iterator<Map.Entry<String, JsonNode>> it = object.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(".")) {
        self = true;
        continue;
      }
      PathElement pe;
      try {
        pe = PathElement.deserialize(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw new MalformedException("parsing key as path element: " + ex.getMessage());
      }
      if (pe == null) {
        continue;
      }
      Node child = read(e.getValue());
      if (child.member()) {
        members.add(pe);
      }
      if (child.children() != null) {
        children.put(pe, child.children());
      }
    }
    if (members.isEmpty() && children.isEmpty()) {
      return new Node(null, true);
    }
    return new Node(FieldSet.node(members, children), self);
  }
}
