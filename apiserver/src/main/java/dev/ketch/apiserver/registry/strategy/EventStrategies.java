package dev.ketch.apiserver.registry.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.conversion.EventConversion;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.Objects;

/**
 * Events, validated as upstream validates them on the internal Event whichever API wrote them
 * (pkg/apis/core/validation/events.go): every event passes the legacy checks (its namespace and
 * its involved object's agree; an event with an eventTime names its reporting controller and
 * instance, action and reason, within their lengths); events.k8s.io/v1 adds stricter rules (an
 * eventTime, a type of Normal or Warning, none of the deprecated fields on create, a series of at
 * least two, and most fields immutable). Field paths are the internal type's, as upstream's.
 */
final class EventStrategies {

  static final int REPORTING_INSTANCE_LENGTH_LIMIT = 128;
  static final int ACTION_LENGTH_LIMIT = 128;
  static final int REASON_LENGTH_LIMIT = 128;
  static final int NOTE_LENGTH_LIMIT = 1024;

  private EventStrategies() {}

  /** core/v1 Events: the legacy checks only, as upstream keeps them for compatibility. */
  static final class CoreEvents extends ObjectStrategy<Event> {
    CoreEvents() {
      super(Event.class);
    }

    @Override
    protected void check(Event event, FieldErrors errs) {
      legacy(event, "reportingComponent", errs);
    }
  }

  /** events.k8s.io/v1 Events: the legacy checks and the new API's own. */
  static final class EventsV1 extends ObjectStrategy<io.fabric8.kubernetes.api.model.events.v1.Event> {
    private static final EventConversion CONVERSION = new EventConversion();

    EventsV1() {
      super(io.fabric8.kubernetes.api.model.events.v1.Event.class);
    }

    /** The event as the internal form sees it: the core/v1 fields. */
    private static Event internal(io.fabric8.kubernetes.api.model.events.v1.Event event) {
      ObjectNode tree = Json.toTree(event);
      return Json.convert(CONVERSION.toStorage(tree), Event.class);
    }

    @Override
    protected void checkCreate(io.fabric8.kubernetes.api.model.events.v1.Event view, FieldErrors errs) {
      Event event = internal(view);
      legacy(event, "reportingController", errs);
      series(event, errs);
      if (empty(event.getEventTime() == null ? null : event.getEventTime().getTime())) {
        errs.required(FieldPath.root("eventTime"));
      }
      if (!"Normal".equals(event.getType()) && !"Warning".equals(event.getType())) {
        errs.invalid(FieldPath.root("type"), "", "has invalid value: " + Objects.toString(event.getType(), ""));
      }
      if (!empty(event.getFirstTimestamp())) {
        errs.invalid(FieldPath.root("firstTimestamp"), "", "needs to be unset");
      }
      if (!empty(event.getLastTimestamp())) {
        errs.invalid(FieldPath.root("lastTimestamp"), "", "needs to be unset");
      }
      if (event.getCount() != null && event.getCount() != 0) {
        errs.invalid(FieldPath.root("count"), "", "needs to be unset");
      }
      EventSource source = event.getSource();
      if (source != null && (!empty(source.getComponent()) || !empty(source.getHost()))) {
        errs.invalid(FieldPath.root("source"), "", "needs to be unset");
      }
    }

    @Override
    protected void checkUpdate(
        io.fabric8.kubernetes.api.model.events.v1.Event view, io.fabric8.kubernetes.api.model.events.v1.Event oldView,
        FieldErrors errs) {
      Event event = internal(view);
      Event old = internal(oldView);
      legacy(event, "reportingController", errs);
      if (!Objects.equals(event.getSeries(), old.getSeries())) {
        series(event, errs);
      }
      immutable(event.getInvolvedObject(), old.getInvolvedObject(), "involvedObject", errs);
      immutable(event.getReason(), old.getReason(), "reason", errs);
      immutable(event.getMessage(), old.getMessage(), "message", errs);
      immutable(event.getSource(), old.getSource(), "source", errs);
      immutable(event.getFirstTimestamp(), old.getFirstTimestamp(), "firstTimestamp", errs);
      immutable(event.getLastTimestamp(), old.getLastTimestamp(), "lastTimestamp", errs);
      immutable(event.getCount(), old.getCount(), "count", errs);
      immutable(event.getType(), old.getType(), "type", errs);
      immutable(micro(event), micro(old), "eventTime", errs);
      immutable(event.getAction(), old.getAction(), "action", errs);
      immutable(event.getRelated(), old.getRelated(), "related", errs);
      immutable(event.getReportingComponent(), old.getReportingComponent(), "reportingController", errs);
      immutable(event.getReportingInstance(), old.getReportingInstance(), "reportingInstance", errs);
    }

    private static String micro(Event e) {
      return e.getEventTime() == null ? null : e.getEventTime().getTime();
    }
  }

  /** The checks every event passes, whichever API wrote it. */
  static void legacy(Event event, String reportingControllerField, FieldErrors errs) {
    String namespace = Objects.toString(event.getMetadata().getNamespace(), "");
    ObjectReference involved = event.getInvolvedObject() == null ? new ObjectReference() : event.getInvolvedObject();
    String involvedNamespace = Objects.toString(involved.getNamespace(), "");
    FieldPath involvedPath = FieldPath.root("involvedObject").child("namespace");
    if (event.getEventTime() == null || empty(event.getEventTime().getTime())) {
      if (involvedNamespace.isEmpty()) {
        if (!namespace.isEmpty() && !namespace.equals("default")) {
          errs.invalid(involvedPath, involvedNamespace, "does not match event.namespace");
        }
      } else if (!namespace.equals(involvedNamespace)) {
        errs.invalid(involvedPath, involvedNamespace, "does not match event.namespace");
      }
    } else {
      if (involvedNamespace.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
        errs.invalid(involvedPath, involvedNamespace, "does not match event.namespace");
      }
      String controller = Objects.toString(event.getReportingComponent(), "");
      if (controller.isEmpty()) {
        errs.required(FieldPath.root(reportingControllerField));
      }
      errs.invalidEach(FieldPath.root(reportingControllerField), controller, Names.qualifiedName(controller));
      String instance = Objects.toString(event.getReportingInstance(), "");
      if (instance.isEmpty()) {
        errs.required(FieldPath.root("reportingInstance"));
      }
      limit(instance, REPORTING_INSTANCE_LENGTH_LIMIT, "reportingInstance", errs);
      String action = Objects.toString(event.getAction(), "");
      if (action.isEmpty()) {
        errs.required(FieldPath.root("action"));
      }
      limit(action, ACTION_LENGTH_LIMIT, "action", errs);
      String reason = Objects.toString(event.getReason(), "");
      if (reason.isEmpty()) {
        errs.required(FieldPath.root("reason"));
      }
      limit(reason, REASON_LENGTH_LIMIT, "reason", errs);
      limit(Objects.toString(event.getMessage(), ""), NOTE_LENGTH_LIMIT, "message", errs);
    }
    errs.invalidEach(FieldPath.root("namespace"), namespace, Names.dns1123Subdomain(namespace));
  }

  private static void series(Event event, FieldErrors errs) {
    if (event.getSeries() == null) {
      return;
    }
    Integer count = event.getSeries().getCount();
    if (count == null || count < 2) {
      errs.invalid(FieldPath.root("series.count"), "", "should be at least 2");
    }
    if (event.getSeries().getLastObservedTime() == null || empty(event.getSeries().getLastObservedTime().getTime())) {
      errs.required(FieldPath.root("series.lastObservedTime"));
    }
  }

  private static void limit(String value, int max, String field, FieldErrors errs) {
    if (value.length() > max) {
      errs.invalid(FieldPath.root(field), "", "can have at most " + max + " characters");
    }
  }

  private static void immutable(Object now, Object before, String field, FieldErrors errs) {
    if (!Objects.equals(now, before)) {
      errs.invalid(FieldPath.root(field), now, "field is immutable");
    }
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }
}
