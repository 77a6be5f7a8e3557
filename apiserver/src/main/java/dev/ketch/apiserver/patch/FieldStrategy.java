package dev.ketch.apiserver.patch;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a strategic merge patch treats one field, as the Kubernetes API types declare it in their
 * {@code patchStrategy} and {@code patchMergeKey} struct tags, and as OpenAPI publishes it in
 * {@code x-kubernetes-patch-strategy} and {@code x-kubernetes-patch-merge-key}.
 *
 * @param patchStrategy the tag as written: {@code merge}, {@code replace}, {@code retainKeys},
 *     {@code merge,retainKeys}, or empty for none
 * @param patchMergeKey the field that identifies an element of a merged list of objects, e.g.
 *     {@code name}; empty for lists of scalars and for fields that are not merged lists
 */
public record FieldStrategy(String patchStrategy, String patchMergeKey) {

  /** No declared strategy: objects merge, lists are replaced. */
  public static final FieldStrategy NONE = new FieldStrategy("", "");

  public FieldStrategy {
    Objects.requireNonNull(patchStrategy, "patchStrategy");
    Objects.requireNonNull(patchMergeKey, "patchMergeKey");
  }

  /** A list merged element by element; {@code mergeKey} empty for a list of scalars. */
  public static FieldStrategy merge(String mergeKey) {
    return new FieldStrategy("merge", mergeKey);
  }

  /** A list of objects merged by {@code mergeKey} whose elements also carry {@code $retainKeys}. */
  public static FieldStrategy mergeRetainKeys(String mergeKey) {
    return new FieldStrategy("merge,retainKeys", mergeKey);
  }

  /** An object that patches clear down to the keys they list in {@code $retainKeys}. */
  public static FieldStrategy retainKeys() {
    return new FieldStrategy("retainKeys", "");
  }

  /** A value a patch replaces whole. */
  public static FieldStrategy replace() {
    return new FieldStrategy("replace", "");
  }

  /** The strategies the tag names, in order. */
  public List<String> strategies() {
    return patchStrategy.isEmpty() ? List.of() : Arrays.asList(patchStrategy.split(","));
  }

  public boolean isNone() {
    return patchStrategy.isEmpty() && patchMergeKey.isEmpty();
  }
}
