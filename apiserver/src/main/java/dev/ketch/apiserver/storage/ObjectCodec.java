package dev.ketch.apiserver.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Objects to and from the bytes the store keeps: JSON without {@code metadata.resourceVersion},
 * which is not part of the stored object but the store's modification revision of its key, set
 * on every read as kube-apiserver's etcd3 storage does.
 */
public final class ObjectCodec {

  private ObjectCodec() {}

  /** The stored form of {@code object}; the tree is left as it was. */
  public static byte[] encode(ObjectNode object) {
    JsonNode meta = object.get("metadata");
    JsonNode rv = null;
    if (meta instanceof ObjectNode m) {
      rv = m.remove("resourceVersion");
    }
    try {
      return Json.bytes(object);
    } finally {
      if (rv != null) {
        ((ObjectNode) meta).set("resourceVersion", rv);
      }
    }
  }

  /** A fresh tree of the stored bytes with {@code metadata.resourceVersion} set. */
  public static ObjectNode decode(byte[] stored, long resourceVersion) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(stored);
    } catch (IOException e) {
      throw new UncheckedIOException("stored object is not JSON", e);
    }
    if (!(tree instanceof ObjectNode object)) {
      throw new IllegalStateException("stored value is not a JSON object");
    }
    setResourceVersion(object, resourceVersion);
    return object;
  }

  public static void setResourceVersion(ObjectNode object, long resourceVersion) {
    JsonNode meta = object.get("metadata");
    ObjectNode m = meta instanceof ObjectNode o ? o : object.putObject("metadata");
    m.put("resourceVersion", Long.toString(resourceVersion));
  }
}
