package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A list being merged the way kube-apiserver merges a Go slice in place. Removing an element shifts
 * the later ones left within the same storage, and appending writes into the freed slots before it
 * grows, so the original list, still seen at its original length, afterwards reads the survivors
 * followed by the first appended elements. Upstream orders the server-only elements of a list with
 * a {@code $setElementOrder} directive against that view, so the result of a patch that both
 * deletes and adds elements depends on it; {@link #storage()} reproduces it. Not thread-safe.
 */
final class LiveList {

  private final JsonNode[] storage;
  private final List<JsonNode> spill = new ArrayList<>();
  private int size;

  LiveList(List<JsonNode> original) {
    this.storage = original.toArray(new JsonNode[0]);
    this.size = storage.length;
  }

  int size() {
    return size;
  }

  JsonNode get(int i) {
    return i < storage.length ? storage[i] : spill.get(i - storage.length);
  }

  void set(int i, JsonNode value) {
    if (i < storage.length) {
      storage[i] = value;
    } else {
      spill.set(i - storage.length, value);
    }
  }

  /** Removes position {@code i}, shifting later elements left; the last slot keeps its old value. */
  void remove(int i) {
    for (int k = i; k < size - 1; k++) {
      set(k, get(k + 1));
    }
    size--;
  }

  void append(JsonNode value) {
    int at = size - storage.length;
    if (at < 0) {
      storage[size] = value;
    } else if (at < spill.size()) {
      spill.set(at, value);
    } else {
      spill.add(value);
    }
    size++;
  }

  /** The elements of the list as it now stands. */
  List<JsonNode> elements() {
    List<JsonNode> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(get(i));
    }
    return out;
  }

  /** The first {@code n} slots of the original storage. */
  List<JsonNode> prefix(int n) {
    return List.copyOf(Arrays.asList(storage).subList(0, n));
  }

  /** The original storage at its original length, as upstream's view of the live list sees it. */
  List<JsonNode> storage() {
    return List.copyOf(Arrays.asList(storage));
  }
}
