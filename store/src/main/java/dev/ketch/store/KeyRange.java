package dev.ketch.store;

import java.util.Objects;

/**
 * The keys a request applies to, with etcd's conventions for {@code key} and {@code range_end}:
 *
 * <ul>
 *   <li>an empty range end means the single key {@code key};
 *   <li>the range end {@code "\0"} means every key greater than or equal to {@code key};
 *   <li>otherwise the half-open interval {@code [key, rangeEnd)}.
 * </ul>
 *
 * <p>The key {@code "\0"} with the range end {@code "\0"} covers the whole key space.
 */
public record KeyRange(Bytes key, Bytes rangeEnd) {

  public KeyRange {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(rangeEnd, "rangeEnd");
  }

  public static KeyRange single(Bytes key) {
    return new KeyRange(key, Bytes.EMPTY);
  }

  public static KeyRange single(String key) {
    return single(Bytes.of(key));
  }

  /** Every key starting with {@code prefix}. */
  public static KeyRange prefix(Bytes prefix) {
    return new KeyRange(prefix.isEmpty() ? Bytes.ZERO : prefix, prefix.prefixEnd());
  }

  public static KeyRange prefix(String prefix) {
    return prefix(Bytes.of(prefix));
  }

  /** Every key greater than or equal to {@code from}. */
  public static KeyRange fromKey(Bytes from) {
    return new KeyRange(from, Bytes.ZERO);
  }

  /** The keys in {@code [from, to)}. */
  public static KeyRange between(Bytes from, Bytes to) {
    return new KeyRange(from, to);
  }

  /** Every key. */
  public static KeyRange all() {
    return new KeyRange(Bytes.ZERO, Bytes.ZERO);
  }

  public boolean isSingleKey() {
    return rangeEnd.isEmpty();
  }

  /** True if the range has no upper bound. */
  public boolean isOpenEnded() {
    return rangeEnd.equals(Bytes.ZERO);
  }

  public boolean contains(Bytes candidate) {
    if (isSingleKey()) {
      return key.equals(candidate);
    }
    if (candidate.compareTo(key) < 0) {
      return false;
    }
    return isOpenEnded() || candidate.compareTo(rangeEnd) < 0;
  }

  @Override
  public String toString() {
    return isSingleKey() ? key.toString() : "[" + key + ", " + (isOpenEnded() ? "∞" : rangeEnd) + ")";
  }
}
