package dev.ketch.apiserver.fieldmanager.fieldpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The set algebra of field sets, with structured-merge-diff's semantics. */
class FieldSetTest {

  /** A set from dotted paths of field names: "a.b", "c". */
  private static FieldSet set(String... paths) {
    return FieldSet.of(Arrays.stream(paths).filter(s -> !s.isEmpty()).map(s -> FieldPath.fields(s.split("\\."))).toList());
  }

  static Stream<Arguments> operations() {
    BinaryOperator<FieldSet> union = FieldSet::union;
    BinaryOperator<FieldSet> intersection = FieldSet::intersection;
    BinaryOperator<FieldSet> difference = FieldSet::difference;
    BinaryOperator<FieldSet> recursive = FieldSet::recursiveDifference;
    return Stream.of(
        Arguments.of("union of disjoint sets", union, set("a", "b.c"), set("d"), set("a", "b.c", "d")),
        Arguments.of("union merges children", union, set("a.b"), set("a.c", "a"), set("a", "a.b", "a.c")),
        Arguments.of("intersection keeps common leaves", intersection, set("a.b", "a.c", "d"), set("a.b", "d", "e"), set("a.b", "d")),
        Arguments.of("intersection of a parent and its child is empty", intersection, set("a"), set("a.b"), set()),
        Arguments.of("difference removes members", difference, set("a", "b"), set("b"), set("a")),
        Arguments.of("difference keeps a parent when a child is removed", difference, set("a", "a.b"), set("a.b"), set("a")),
        Arguments.of("difference keeps children of a removed parent", difference, set("a.b"), set("a"), set("a.b")),
        Arguments.of("recursive difference removes children of a removed parent", recursive, set("a.b.c", "d"), set("a.b"), set("d")),
        Arguments.of("recursive difference removes the member and below", recursive, set("status", "status.x", "spec.y"), set("status"),
            set("spec.y")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void operates(String name, BinaryOperator<FieldSet> op, FieldSet left, FieldSet right, FieldSet expected) {
    assertThat(op.apply(left, right)).isEqualTo(expected);
  }

  @Test
  void membershipIsPerPath() {
    FieldSet s = set("spec.replicas");
    assertThat(s.has(FieldPath.fields("spec", "replicas"))).isTrue();
    assertThat(s.has(FieldPath.fields("spec"))).isFalse();
    assertThat(s.has(FieldPath.of())).isFalse();
    assertThat(s.size()).isEqualTo(1);
  }

  @Test
  void iteratesMembersBeforeChildren() {
    FieldSet s = set("b.x", "a", "b", "c.d");
    assertThat(s.toString()).isEqualTo(".a\n.b\n.b.x\n.c.d");
  }
}
