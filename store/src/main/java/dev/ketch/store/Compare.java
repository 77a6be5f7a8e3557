package dev.ketch.store;

import java.util.Objects;

/**
 * A condition of a transaction, as etcd's {@code Compare}: a field of every key in a range compared
 * with an operand.
 *
 * <p>For a key that does not exist, version, create revision, mod revision and lease are 0; a
 * comparison of the value of an absent key is false. With a range, every key in it must satisfy the
 * comparison; an empty range compares like a single absent key.
 *
 * @param range the key or keys compared
 * @param target the field compared
 * @param result the relation that must hold between the field and the operand
 * @param number the operand for version, create revision, mod revision and lease
 * @param value the operand for value comparisons
 */
public record Compare(KeyRange range, Target target, Result result, long number, Bytes value) {

  public enum Target {
    VERSION,
    CREATE,
    MOD,
    VALUE,
    LEASE
  }

  public enum Result {
    EQUAL,
    GREATER,
    LESS,
    NOT_EQUAL
  }

  public Compare {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(value, "value");
  }

  public static Compare modRevision(String key, Result result, long revision) {
    return new Compare(KeyRange.single(key), Target.MOD, result, revision, Bytes.EMPTY);
  }

  public static Compare createRevision(String key, Result result, long revision) {
    return new Compare(KeyRange.single(key), Target.CREATE, result, revision, Bytes.EMPTY);
  }

  public static Compare version(String key, Result result, long version) {
    return new Compare(KeyRange.single(key), Target.VERSION, result, version, Bytes.EMPTY);
  }

  public static Compare value(String key, Result result, String value) {
    return new Compare(KeyRange.single(key), Target.VALUE, result, 0, Bytes.of(value));
  }

  public static Compare lease(String key, Result result, long lease) {
    return new Compare(KeyRange.single(key), Target.LEASE, result, lease, Bytes.EMPTY);
  }

  /** Whether {@code kv}, an existing key in the range, satisfies this comparison. */
  public boolean matches(KeyValue kv) {
    int cmp =
        switch (target) {
          case VERSION -> Long.compare(kv.version(), number);
          case CREATE -> Long.compare(kv.createRevision(), number);
          case MOD -> Long.compare(kv.modRevision(), number);
          case LEASE -> Long.compare(kv.lease(), number);
          case VALUE -> kv.value().compareTo(value);
        };
    return holds(cmp);
  }

  /** Whether the comparison holds for an absent key (every number 0, no value). */
  public boolean matchesAbsent() {
    return target != Target.VALUE && holds(Long.compare(0, number));
  }

  private boolean holds(int cmp) {
    return switch (result) {
      case EQUAL -> cmp == 0;
      case GREATER -> cmp > 0;
      case LESS -> cmp < 0;
      case NOT_EQUAL -> cmp != 0;
    };
  }
}
