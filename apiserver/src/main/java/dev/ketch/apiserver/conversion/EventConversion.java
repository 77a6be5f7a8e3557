package dev.ketch.apiserver.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.storage.StorageConversion;
import java.util.List;

/**
 * events.k8s.io/v1 Events kept as core/v1 Events, as upstream converts them through the internal
 * Event (pkg/apis/events/v1 conversion): {@code regarding} is the involved object, {@code note}
 * the message, {@code reportingController} the reporting component, the {@code deprecated*}
 * fields the old source, timestamps and count; reason, type, action, related, series, eventTime
 * and the reporting instance carry over as they are. Stateless and thread-safe.
 */
public final class EventConversion implements StorageConversion {

  /** Field pairs: events.k8s.io/v1 name, core/v1 name; in events.k8s.io/v1's field order. */
  private static final List<String[]> FIELDS = List.of(
      new String[] {"action", "action"},
      new String[] {"deprecatedCount", "count"},
      new String[] {"deprecatedFirstTimestamp", "firstTimestamp"},
      new String[] {"deprecatedLastTimestamp", "lastTimestamp"},
      new String[] {"deprecatedSource", "source"},
      new String[] {"eventTime", "eventTime"},
      new String[] {"note", "message"},
      new String[] {"reason", "reason"},
      new String[] {"regarding", "involvedObject"},
      new String[] {"related", "related"},
      new String[] {"reportingController", "reportingComponent"},
      new String[] {"reportingInstance", "reportingInstance"},
      new String[] {"series", "series"},
      new String[] {"type", "type"});

  /** core/v1's order of the same fields. */
  private static final List<String> CORE_ORDER = List.of(
      "action", "count", "eventTime", "firstTimestamp", "involvedObject", "lastTimestamp", "message", "reason", "related",
      "reportingComponent", "reportingInstance", "series", "source", "type");

  @Override
  public ObjectNode toStorage(ObjectNode event) {
    ObjectNode out = head("v1", event);
    for (String core : CORE_ORDER) {
      for (String[] f : FIELDS) {
        if (f[1].equals(core)) {
          copy(event, f[0], out, core);
        }
      }
    }
    return out;
  }

  @Override
  public ObjectNode fromStorage(ObjectNode stored) {
    ObjectNode out = head("events.k8s.io/v1", stored);
    for (String[] f : FIELDS) {
      copy(stored, f[1], out, f[0]);
    }
    return out;
  }

  private static ObjectNode head(String apiVersion, ObjectNode from) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("apiVersion", apiVersion);
    out.put("kind", "Event");
    JsonNode meta = from.get("metadata");
    if (meta != null) {
      out.set("metadata", meta.deepCopy());
    }
    return out;
  }

  private static void copy(ObjectNode from, String fromField, ObjectNode to, String toField) {
    JsonNode v = from.get(fromField);
    if (v != null && !v.isNull()) {
      to.set(toField, v.deepCopy());
    }
  }
}
