package dev.ketch.apiserver.conversion;

import static dev.ketch.apiserver.fieldmanager.Yaml.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** events.k8s.io/v1 Events to and from the core/v1 form they are stored in. */
class EventConversionTest {

  private final EventConversion conversion = new EventConversion();

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of("a scheduler's event of the new API",
            """
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: {name: web.1, namespace: ns}
            eventTime: '2025-01-01T10:00:00.000000Z'
            reportingController: default-scheduler
            reportingInstance: default-scheduler-node1
            action: Binding
            reason: Scheduled
            note: Successfully assigned ns/web to node1
            type: Normal
            regarding: {kind: Pod, namespace: ns, name: web, uid: u-1, apiVersion: v1}
            """,
            """
            apiVersion: v1
            kind: Event
            metadata: {name: web.1, namespace: ns}
            action: Binding
            eventTime: '2025-01-01T10:00:00.000000Z'
            involvedObject: {kind: Pod, namespace: ns, name: web, uid: u-1, apiVersion: v1}
            message: Successfully assigned ns/web to node1
            reason: Scheduled
            reportingComponent: default-scheduler
            reportingInstance: default-scheduler-node1
            type: Normal
            """),
        Arguments.of("a kubelet's event of the old API, with series and related",
            """
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: {name: web.2, namespace: ns}
            deprecatedCount: 3
            deprecatedFirstTimestamp: '2025-01-01T10:00:00Z'
            deprecatedLastTimestamp: '2025-01-01T10:05:00Z'
            deprecatedSource: {component: kubelet, host: node1}
            note: Back-off restarting failed container
            reason: BackOff
            regarding: {kind: Pod, name: web, namespace: ns, fieldPath: 'spec.containers{web}'}
            related: {kind: Node, name: node1}
            series: {count: 2, lastObservedTime: '2025-01-01T10:05:00.000000Z'}
            type: Warning
            """,
            """
            apiVersion: v1
            kind: Event
            metadata: {name: web.2, namespace: ns}
            count: 3
            firstTimestamp: '2025-01-01T10:00:00Z'
            involvedObject: {kind: Pod, name: web, namespace: ns, fieldPath: 'spec.containers{web}'}
            lastTimestamp: '2025-01-01T10:05:00Z'
            message: Back-off restarting failed container
            reason: BackOff
            related: {kind: Node, name: node1}
            series: {count: 2, lastObservedTime: '2025-01-01T10:05:00.000000Z'}
            source: {component: kubelet, host: node1}
            type: Warning
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void convertsBothWays(String name, String eventsV1, String coreV1) {
    ObjectNode view = object(eventsV1);
    ObjectNode before = view.deepCopy();

    ObjectNode stored = conversion.toStorage(view);

    assertThat(stored).isEqualTo(object(coreV1));
    assertThat(conversion.fromStorage(stored)).isEqualTo(object(eventsV1));
    assertThat(view).as("the argument is not changed").isEqualTo(before);
  }
}
