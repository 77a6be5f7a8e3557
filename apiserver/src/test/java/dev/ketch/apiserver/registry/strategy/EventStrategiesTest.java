package dev.ketch.apiserver.registry.strategy;

import static dev.ketch.apiserver.registry.strategy.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.apiserver.errors.Cause;
import io.fabric8.kubernetes.api.model.Event;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Events validated per API, as upstream's events validation. */
class EventStrategiesTest {

  private static final String NEW_API_EVENT = """
      metadata: {name: e, namespace: ns}
      eventTime: '2025-01-01T10:00:00.000000Z'
      reportingController: default-scheduler
      reportingInstance: default-scheduler-1
      action: Binding
      reason: Scheduled
      note: assigned
      type: Normal
      regarding: {kind: Pod, namespace: ns, name: web}
      """;

  private static List<String> errors(List<Cause> causes) {
    return causes.stream().map(Cause::toString).toList();
  }

  static Stream<Arguments> coreEvents() {
    return Stream.of(
        Arguments.of("an old-style event in its object's namespace",
            "{metadata: {name: e, namespace: ns}, involvedObject: {kind: Pod, namespace: ns, name: web}, reason: Pulled}", List.of()),
        Arguments.of("an old-style event about a cluster object in default",
            "{metadata: {name: e, namespace: default}, involvedObject: {kind: Node, name: n1}}", List.of()),
        Arguments.of("an old-style event in another namespace",
            "{metadata: {name: e, namespace: ns}, involvedObject: {kind: Pod, namespace: other, name: web}}",
            List.of("involvedObject.namespace: Invalid value: \"other\": does not match event.namespace")),
        Arguments.of("a new-style event through the old API names its reporter",
            "{metadata: {name: e, namespace: ns}, eventTime: '2025-01-01T10:00:00.000000Z', involvedObject: {kind: Pod, namespace: ns}}",
            List.of("reportingComponent: Required value",
                "reportingComponent: Invalid value: \"\": name part must be non-empty", "reportingInstance: Required value",
                "action: Required value", "reason: Required value")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("coreEvents")
  void coreEvents(String name, String event, List<String> expected) {
    assertThat(errors(new EventStrategies.CoreEvents().validate(yaml(event, Event.class)))).isEqualTo(expected);
  }

  static Stream<Arguments> newApiEvents() {
    return Stream.of(
        Arguments.of("a scheduler's event", NEW_API_EVENT, List.of()),
        Arguments.of("without eventTime", NEW_API_EVENT.replace("eventTime: '2025-01-01T10:00:00.000000Z'\n", ""),
            List.of("eventTime: Required value")),
        Arguments.of("with the deprecated fields", NEW_API_EVENT + "deprecatedCount: 2\ndeprecatedSource: {component: kubelet}\n",
            List.of("count: Invalid value: \"\": needs to be unset", "source: Invalid value: \"\": needs to be unset")),
        Arguments.of("of another type", NEW_API_EVENT.replace("type: Normal", "type: Info"),
            List.of("type: Invalid value: \"\": has invalid value: Info")),
        Arguments.of("a series of one", NEW_API_EVENT + "series: {count: 1, lastObservedTime: '2025-01-01T10:00:00.000000Z'}\n",
            List.of("series.count: Invalid value: \"\": should be at least 2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("newApiEvents")
  void newApiEventsOnCreate(String name, String event, List<String> expected) {
    var strategy = new EventStrategies.EventsV1();
    var e = yaml(event, io.fabric8.kubernetes.api.model.events.v1.Event.class);
    assertThat(errors(strategy.validateCreate(e))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void newApiEventsKeepTheirContentButMayGrowASeries() {
    var strategy = new EventStrategies.EventsV1();
    var old = yaml(NEW_API_EVENT, io.fabric8.kubernetes.api.model.events.v1.Event.class);
    var series = yaml(NEW_API_EVENT + "series: {count: 2, lastObservedTime: '2025-01-01T10:01:00.000000Z'}\n",
        io.fabric8.kubernetes.api.model.events.v1.Event.class);
    assertThat(strategy.validateUpdate(series, old)).isEmpty();
    var rewritten = yaml(NEW_API_EVENT.replace("note: assigned", "note: other"), io.fabric8.kubernetes.api.model.events.v1.Event.class);
    assertThat(errors(strategy.validateUpdate(rewritten, old))).containsExactly("message: Invalid value: \"other\": field is immutable");
  }
}
