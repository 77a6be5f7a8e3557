package dev.ketch.apiserver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ketch.apiserver.errors.StatusException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSelectorTest {

  static Stream<Arguments> validSelectors() {
    return Stream.of(
        arguments("empty", "", List.of(), ""),
        arguments("equals", "metadata.name=foo", List.of(new FieldRequirement("metadata.name", false, "foo")), "metadata.name=foo"),
        arguments("double equals prints as equals", "a==b", List.of(new FieldRequirement("a", false, "b")), "a=b"),
        arguments("not equals", "a!=b", List.of(new FieldRequirement("a", true, "b")), "a!=b"),
        arguments("terms sorted by text", "b=1,a=2",
            List.of(new FieldRequirement("a", false, "2"), new FieldRequirement("b", false, "1")), "a=2,b=1"),
        arguments("empty terms skipped", ",a=b,,", List.of(new FieldRequirement("a", false, "b")), "a=b"),
        arguments("empty value", "a=", List.of(new FieldRequirement("a", false, "")), "a="),
        arguments("escaped comma", "a=x\\,y", List.of(new FieldRequirement("a", false, "x,y")), "a=x\\,y"),
        arguments("escaped equals", "a=x\\=y", List.of(new FieldRequirement("a", false, "x=y")), "a=x\\=y"),
        arguments("escaped backslash", "a=x\\\\y", List.of(new FieldRequirement("a", false, "x\\y")), "a=x\\\\y"),
        arguments("escaped comma does not split", "a=1\\,b\\=2",
            List.of(new FieldRequirement("a", false, "1,b=2")), "a=1\\,b\\=2"),
        arguments("bang without equals stays in the name", "a!b=c", List.of(new FieldRequirement("a!b", false, "c")), "a!b=c"),
        arguments("spaces are kept", "a = b", List.of(new FieldRequirement("a ", false, " b")), "a = b"));
  }

  @ParameterizedTest(name = "{0}: \"{1}\"")
  @MethodSource("validSelectors")
  void parsesTerms(String name, String text, List<FieldRequirement> terms, String canonical) {
    FieldSelector selector = FieldSelector.parse(text);
    assertThat(selector.requirements()).isEqualTo(terms);
    assertThat(selector.toString()).isEqualTo(canonical);
  }

  static Stream<Arguments> invalidSelectors() {
    return Stream.of(
        arguments("no operator", "foo", "invalid selector: 'foo'; can't understand 'foo'"),
        arguments("no operator after a valid term", "a=b,foo", "invalid selector: 'a=b,foo'; can't understand 'foo'"),
        arguments("unescaped equals in value", "a=b=c", "invalid field selector: unescaped character in value: 61"),
        arguments("unescaped equals after not-equals", "a!=b=c", "invalid field selector: unescaped character in value: 61"),
        arguments("dangling backslash", "a=b\\", "invalid field selector: invalid escape sequence: \\"),
        arguments("unknown escape", "a=b\\x", "invalid field selector: invalid escape sequence: \\x"));
  }

  @ParameterizedTest(name = "{0}: \"{1}\"")
  @MethodSource("invalidSelectors")
  void refusesInvalidSyntax(String name, String text, String message) {
    assertThatThrownBy(() -> FieldSelector.parse(text))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessage(message);
  }

  static Stream<Arguments> matching() {
    return Stream.of(
        arguments("equal", "a=1", Map.of("a", "1"), true),
        arguments("not equal", "a=1", Map.of("a", "2"), false),
        arguments("missing field reads as empty", "a=", Map.of(), true),
        arguments("missing field is not a value", "a=1", Map.of(), false),
        arguments("negated, missing field", "a!=1", Map.of(), true),
        arguments("negated, same value", "a!=1", Map.of("a", "1"), false),
        arguments("escaped value", "a=x\\,y", Map.of("a", "x,y"), true),
        arguments("and", "a=1,b!=2", Map.of("a", "1", "b", "3"), true),
        arguments("and, one fails", "a=1,b!=2", Map.of("a", "1", "b", "2"), false));
  }

  @ParameterizedTest(name = "{0}: \"{1}\" on {2} -> {3}")
  @MethodSource("matching")
  void matchesFieldSets(String name, String text, Map<String, String> fields, boolean expected) {
    assertThat(FieldSelector.parse(text).matches(fields)).isEqualTo(expected);
  }

  @Test
  void reportsExactMatchesForIndexes() {
    FieldSelector s = FieldSelector.parse("metadata.name=web,spec.nodeName!=n1");
    assertThat(s.requiresExactMatch("metadata.name")).contains("web");
    assertThat(s.requiresExactMatch("spec.nodeName")).isEmpty();
    assertThat(FieldSelector.everything().isEverything()).isTrue();
    assertThat(FieldSelector.escapeValue("a,b=c\\d")).isEqualTo("a\\,b\\=c\\\\d");
  }
}
