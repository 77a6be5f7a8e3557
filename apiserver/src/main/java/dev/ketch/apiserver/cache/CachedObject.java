package dev.ketch.apiserver.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.storage.ObjectCodec;
import java.util.Map;

/**
 * One object as the watch cache holds it: its JSON (with {@code metadata.resourceVersion} set)
 * ready to send, and what selectors match against, extracted once.
 *
 * @param key the store key
 * @param namespace the namespace, or empty
 * @param name the name
 * @param resourceVersion the revision that last changed it
 * @param json the object's JSON; never changed after construction
 * @param labels its labels
 * @param fields the values of the fields its resource supports in field selectors
 */
public record CachedObject(
    String key,
    String namespace,
    String name,
    long resourceVersion,
    byte[] json,
    Map<String, String> labels,
    Map<String, String> fields) {

  /** A fresh tree of the object, for callers that change it. */
  public ObjectNode tree() {
    return ObjectCodec.decode(json, resourceVersion);
  }
}
