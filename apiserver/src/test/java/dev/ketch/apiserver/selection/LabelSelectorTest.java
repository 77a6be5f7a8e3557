package dev.ketch.apiserver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {

  private static final String NAME_RULE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with"
      + " an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
      + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String VALUE_RULE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_'"
      + " or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345',"
      + " regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  private static final String SUBDOMAIN_RULE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
      + " characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used"
      + " for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

  static Stream<Arguments> canonicalForms() {
    return Stream.of(
        arguments("empty selects everything", "", ""),
        arguments("blank selects everything", "  \t ", ""),
        arguments("equals", "x=a", "x=a"),
        arguments("double equals keeps its spelling", "x==a", "x==a"),
        arguments("not equals", "x!=a", "x!=a"),
        arguments("whitespace around operators and commas", " x = a , y ==  b ", "x=a,y==b"),
        arguments("in sorts values", "x in (b,a)", "x in (a,b)"),
        arguments("in drops duplicate values", "x in (a,a,b)", "x in (a,b)"),
        arguments("notin", "x notin (a)", "x notin (a)"),
        arguments("in without space before the parenthesis", "x in(a)", "x in (a)"),
        arguments("exists", "x", "x"),
        arguments("does not exist", "!x", "!x"),
        arguments("does not exist with space", "! x", "!x"),
        arguments("greater than", "x>1", "x>1"),
        arguments("less than", "x < 10", "x<10"),
        arguments("requirements sorted by key", "z,y=b,x in (a)", "x in (a),y=b,z"),
        arguments("same key kept in written order", "x!=b,x", "x!=b,x"),
        arguments("keywords are values inside a set", "x in (in,notin)", "x in (in,notin)"),
        arguments("keyword as key", "in=x", "in=x"),
        arguments("empty set means the empty value", "x in ()", "x in ()"),
        arguments("leading comma in a set adds the empty value", "x in (,a)", "x in (,a)"),
        arguments("trailing comma in a set adds the empty value", "x in (a,)", "x in (,a)"),
        arguments("double comma in a set adds the empty value", "x in (a,,b)", "x in (,a,b)"),
        arguments("empty exact value", "x=", "x="),
        arguments("empty exact value before a comma", "x=,y", "x=,y"),
        arguments("prefixed key", "example.com/app=web", "example.com/app=web"),
        arguments("key with every allowed character", "a.b-c_D9=e", "a.b-c_D9=e"));
  }

  @ParameterizedTest(name = "{0}: \"{1}\"")
  @MethodSource("canonicalForms")
  void parsesToCanonicalForm(String name, String text, String canonical) {
    assertThat(LabelSelector.parse(text).toString()).isEqualTo(canonical);
  }

  static Stream<Arguments> invalidSelectors() {
    return Stream.of(
        arguments("two values", "x=a b", "found 'b', expected: ',' or 'end of string'"),
        arguments("missing operator", "x y",
            "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"),
        arguments("bang as operator", "x!y",
            "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"),
        arguments("trailing comma", "x=a,", "found '', expected: identifier after ','"),
        arguments("leading comma", ",x", "found ',', expected: !, identifier, or 'end of string'"),
        arguments("leading operator", "=x", "found '=', expected: !, identifier, or 'end of string'"),
        arguments("set without parenthesis", "x in a", "unable to parse requirement: found 'a' expected: '('"),
        arguments("unclosed set", "x in (a", "unable to parse requirement: found '', expected: ',' or ')'"),
        arguments("space-separated set", "x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"),
        arguments("operator opening a set", "x in (=)",
            "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
        arguments("operator inside a set", "x in (a,=)",
            "unable to parse requirement: found '=', expected: ',', or identifier"),
        arguments("bang alone", "!", "unable to parse requirement: found '', expected: identifier"),
        arguments("parenthesis as exact value", "x=(", "unable to parse requirement: found '(', expected: identifier"),
        arguments("operator as exact value", "x=>1", "unable to parse requirement: found '>', expected: identifier"),
        arguments("does-not-exist with a value", "!x=a", "found '=', expected: ',' or 'end of string'"),
        arguments("text after a set", "x in (a,b) y", "found 'y', expected: ',' or 'end of string'"),
        arguments("key ending in underscore", "x_=y",
            "unable to parse requirement: <nil>: Invalid value: \"x_\": name part " + NAME_RULE),
        arguments("colon in key", "app:monolith",
            "unable to parse requirement: <nil>: Invalid value: \"app:monolith\": name part " + NAME_RULE),
        arguments("underscore in prefix", "app.kubernetes_io/name=x",
            "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix part " + SUBDOMAIN_RULE),
        arguments("two slashes in key", "a/b/c=d",
            "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name " + NAME_RULE
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
        arguments("empty prefix", "/a=b", "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty"),
        arguments("empty name", "a/=b", "unable to parse requirement: <nil>: Invalid value: \"a/\": name part must be non-empty; "
            + "name part " + NAME_RULE),
        arguments("name too long", "k" + "x".repeat(63) + "=v",
            "unable to parse requirement: <nil>: Invalid value: \"k" + "x".repeat(63) + "\": name part must be no more than 63 characters"),
        arguments("quote in key is escaped as Go does", "a\"b",
            "unable to parse requirement: <nil>: Invalid value: \"a\\\"b\": name part " + NAME_RULE),
        arguments("invalid value", "x=a_", "unable to parse requirement: values[0][x]: Invalid value: \"a_\": " + VALUE_RULE),
        arguments("invalid second value of a set", "x in (a,b_)",
            "unable to parse requirement: values[1][x]: Invalid value: \"b_\": " + VALUE_RULE),
        arguments("value too long", "x=" + "v".repeat(64),
            "unable to parse requirement: values[0][x]: Invalid value: \"" + "v".repeat(64) + "\": must be no more than 63 characters"),
        arguments("non-integer bound", "environment>qa",
            "unable to parse requirement: values[0]: Invalid value: \"qa\": for 'Gt', 'Lt' operators, the value must be an integer"),
        arguments("negative bound is no label value", "x>-5",
            "unable to parse requirement: values[0][x]: Invalid value: \"-5\": " + VALUE_RULE),
        arguments("bound neither integer nor label value", "x<a_",
            "unable to parse requirement: [values[0]: Invalid value: \"a_\": for 'Gt', 'Lt' operators, the value must be an integer, "
                + "values[0][x]: Invalid value: \"a_\": " + VALUE_RULE + "]"));
  }

  @ParameterizedTest(name = "{0}: \"{1}\"")
  @MethodSource("invalidSelectors")
  void refusesInvalidSelectorsWithUpstreamMessages(String name, String text, String message) {
    assertThatThrownBy(() -> LabelSelector.parse(text))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.BAD_REQUEST);
          assertThat(e.code()).isEqualTo(400);
        })
        .hasMessage(message);
  }

  static Stream<Arguments> matching() {
    return Stream.of(
        arguments("equals, same value", "x=a", Map.of("x", "a"), true),
        arguments("equals, other value", "x=a", Map.of("x", "b"), false),
        arguments("equals, missing", "x=a", Map.of(), false),
        arguments("double equals", "x==a", Map.of("x", "a"), true),
        arguments("not equals, missing", "x!=a", Map.of(), true),
        arguments("not equals, same value", "x!=a", Map.of("x", "a"), false),
        arguments("not equals, other value", "x!=a", Map.of("x", "b"), true),
        arguments("in, listed", "x in (a,b)", Map.of("x", "b"), true),
        arguments("in, not listed", "x in (a,b)", Map.of("x", "c"), false),
        arguments("in, missing", "x in (a,b)", Map.of(), false),
        arguments("in with empty value, empty label", "x in (,a)", Map.of("x", ""), true),
        arguments("notin, missing", "x notin (a)", Map.of(), true),
        arguments("notin, listed", "x notin (a)", Map.of("x", "a"), false),
        arguments("exists, empty value", "x", Map.of("x", ""), true),
        arguments("exists, missing", "x", Map.of(), false),
        arguments("does not exist, missing", "!x", Map.of(), true),
        arguments("does not exist, present", "!x", Map.of("x", "a"), false),
        arguments("greater, above", "x>5", Map.of("x", "6"), true),
        arguments("greater, equal", "x>5", Map.of("x", "5"), false),
        arguments("greater, not a number", "x>5", Map.of("x", "abc"), false),
        arguments("greater, missing", "x>5", Map.of(), false),
        arguments("less, negative label", "x<5", Map.of("x", "-1"), true),
        arguments("less, non-ASCII digits are no number", "x<5", Map.of("x", "\u0663"), false),
        arguments("and, both hold", "x=a,y", Map.of("x", "a", "y", "z"), true),
        arguments("and, one fails", "x=a,y", Map.of("x", "a"), false),
        arguments("everything", "", Map.of(), true));
  }

  @ParameterizedTest(name = "{0}: \"{1}\" on {2} -> {3}")
  @MethodSource("matching")
  void matchesLabels(String name, String text, Map<String, String> labels, boolean expected) {
    assertThat(LabelSelector.parse(text).matches(labels)).isEqualTo(expected);
  }

  @Test
  void everythingMatchesAnObjectWithoutLabelsAndNothingMatchesNone() {
    assertThat(LabelSelector.everything().matches(null)).isTrue();
    assertThat(LabelSelector.nothing().matches(Map.of("x", "a"))).isFalse();
    assertThat(LabelSelector.nothing().toString()).isEmpty();
    assertThat(LabelSelector.parse(null).isEverything()).isTrue();
  }

  @Test
  void reportsExactMatchesForIndexes() {
    LabelSelector s = LabelSelector.parse("app=web,tier in (db),x in (a,b),y!=c");
    assertThat(s.requiresExactMatch("app")).contains("web");
    assertThat(s.requiresExactMatch("tier")).contains("db");
    assertThat(s.requiresExactMatch("x")).isEmpty();
    assertThat(s.requiresExactMatch("y")).isEmpty();
    assertThat(s.requiresExactMatch("absent")).isEmpty();
  }

  static Stream<Arguments> modelSelectors() {
    return Stream.of(
        arguments("match labels sorted", new LabelSelectorBuilder().addToMatchLabels("b", "2").addToMatchLabels("a", "1").build(),
            "a=1,b=2"),
        arguments("expressions", new LabelSelectorBuilder().addNewMatchExpression().withKey("tier").withOperator("In")
            .withValues("web", "api").endMatchExpression().addNewMatchExpression().withKey("canary").withOperator("DoesNotExist")
            .endMatchExpression().addToMatchLabels("app", "shop").build(), "app=shop,!canary,tier in (api,web)"),
        arguments("exists and notin", new LabelSelectorBuilder().addNewMatchExpression().withKey("x").withOperator("Exists")
            .endMatchExpression().addNewMatchExpression().withKey("y").withOperator("NotIn").withValues("a").endMatchExpression()
            .build(), "x,y notin (a)"),
        arguments("empty selects everything", new LabelSelectorBuilder().build(), ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelSelectors")
  void convertsWorkloadSelectors(String name, io.fabric8.kubernetes.api.model.LabelSelector model, String canonical) {
    assertThat(LabelSelector.fromModel(model).toString()).isEqualTo(canonical);
  }

  @Test
  void refusesInvalidWorkloadSelectors() {
    assertThatThrownBy(() -> LabelSelector.fromModel(new LabelSelectorBuilder().addNewMatchExpression().withKey("x")
        .withOperator("Gt").withValues("1").endMatchExpression().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"Gt\" is not a valid label selector operator");
    assertThatThrownBy(() -> LabelSelector.fromModel(new LabelSelectorBuilder().addNewMatchExpression().withKey("x")
        .withOperator("In").endMatchExpression().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
    Map<String, String> labels = new HashMap<>();
    labels.put("bad key", "v");
    assertThatThrownBy(() -> LabelSelector.fromModel(new LabelSelectorBuilder().withMatchLabels(labels).build()))
        .hasMessage("key: Invalid value: \"bad key\": name part " + NAME_RULE);
    assertThat(LabelSelector.fromModel(null).matches(Map.of())).isFalse();
  }

  @Test
  void selectorFromSetRequiresEveryLabel() {
    LabelSelector s = LabelSelector.fromSet(Map.of("b", "2", "a", "1"));
    assertThat(s.toString()).isEqualTo("a=1,b=2");
    assertThat(s.matches(Map.of("a", "1", "b", "2", "c", "3"))).isTrue();
    assertThat(s.matches(Map.of("a", "1"))).isFalse();
  }
}
