package dev.ketch.store;

import java.util.Objects;

/**
 * A change to one key, delivered by a watch.
 *
 * @param type what happened
 * @param kv for {@link Type#PUT}, the key as written; for {@link Type#DELETE}, the key with its
 *     {@code modRevision} set to the revision of the deletion and every other field zero or empty,
 *     as etcd reports deletions
 * @param prevKv the key as it was before this change, when the watch asked for it and it existed;
 *     otherwise null
 */
public record Event(Type type, KeyValue kv, KeyValue prevKv) {

  public enum Type {
    PUT,
    DELETE
  }

  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(kv, "kv");
  }

  public long revision() {
    return kv.modRevision();
  }

  public Event withoutPrevKv() {
    return prevKv == null ? this : new Event(type, kv, null);
  }
}
