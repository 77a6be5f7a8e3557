package dev.ketch.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldSet;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldsV1;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An object's {@code metadata.managedFields}: who owns which fields, and when each manager last
 * changed the object. Read from and written to the wire form as upstream does: one entry per
 * manager, operation, API version (updates only) and subresource; entries sorted by operation
 * (Apply first), time, manager, API version and subresource; an entry's {@code time} only when
 * the manager's write changed the object.
 *
 * @param managers each manager's fields
 * @param times when each manager last changed the object, RFC 3339; absent for some
 */
record ManagedFields(Map<ManagerId, VersionedSet> managers, Map<ManagerId, String> times) {

  ManagedFields {
    managers = new LinkedHashMap<>(managers);
    times = new LinkedHashMap<>(times);
  }

  static ManagedFields empty() {
    return new ManagedFields(Map.of(), Map.of());
  }

  boolean isEmpty() {
    return managers.isEmpty();
  }

  /** Managed fields that cannot be read. */
  static final class DecodeException extends Exception {
    DecodeException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Whether a client asks for the managed fields to be cleared: an empty list, or a list of one
   * empty entry.
   */
  static boolean isReset(JsonNode entries) {
    if (entries == null || !entries.isArray()) {
      return false;
    }
    return entries.isEmpty() || (entries.size() == 1 && entries.get(0).isObject() && entries.get(0).isEmpty());
  }

  /** Reads {@code metadata.managedFields}; absent or null is none. */
  static ManagedFields decode(JsonNode entries) throws DecodeException {
    if (entries == null || entries.isNull() || entries.isMissingNode()) {
      return empty();
    }
    if (!entries.isArray()) {
      throw new DecodeException("managedFields must be a list");
    }
    Map<ManagerId, VersionedSet> managers = new LinkedHashMap<>();
    Map<ManagerId, String> times = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode e = entries.get(i);
      String operation = e.path("operation").asText("");
      if (!operation.equals(ManagerId.APPLY) && !operation.equals(ManagerId.UPDATE)) {
        throw new DecodeException("operation must be `Apply` or `Update`");
      }
      String apiVersion = e.path("apiVersion").asText("");
      if (apiVersion.isEmpty()) {
        throw new DecodeException("apiVersion must not be empty");
      }
      String fieldsType = e.path("fieldsType").asText("");
      if (fieldsType.isEmpty()) {
        throw new DecodeException("missing fieldsType in managed fields entry " + i);
      }
      if (!fieldsType.equals("FieldsV1")) {
        throw new DecodeException("invalid fieldsType \"" + fieldsType + "\" in managed fields entry " + i);
      }
      ManagerId id = new ManagerId(e.path("manager").asText(""), operation, apiVersion, e.path("subresource").asText(""));
      FieldSet set;
      try {
        set = FieldsV1.decode(e.get("fieldsV1"));
      } catch (FieldsV1.MalformedException ex) {
        throw new DecodeException("error decoding set: " + ex.getMessage());
      }
      managers.put(id, new VersionedSet(set, apiVersion, id.applies()));
      String time = e.path("time").asText("");
      if (!time.isEmpty()) {
        times.put(id, time);
      }
    }
    return new ManagedFields(managers, times);
  }

  /** The wire form, sorted as upstream sorts it; null when nobody manages anything. */
  ArrayNode encode() {
    if (managers.isEmpty()) {
      return null;
    }
    record Entry(ManagerId id, VersionedSet set, String time) {}
    List<Entry> entries = new ArrayList<>();
    managers.forEach((id, set) -> entries.add(new Entry(id, set, times.get(id))));
    entries.sort(Comparator.<Entry, String>comparing(e -> e.id().applies() ? ManagerId.APPLY : ManagerId.UPDATE)
        .thenComparingLong(e -> seconds(e.time()))
        .thenComparing(e -> e.id().manager())
        .thenComparing(e -> e.set().apiVersion())
        .thenComparing(e -> e.id().subresource()));
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Entry e : entries) {
      ObjectNode o = out.addObject();
      o.put("manager", e.id().manager());
      o.put("operation", e.id().applies() ? ManagerId.APPLY : ManagerId.UPDATE);
      o.put("apiVersion", e.set().apiVersion());
      if (e.time() != null) {
        o.put("time", e.time());
      }
      o.put("fieldsType", "FieldsV1");
      o.set("fieldsV1", FieldsV1.encode(e.set().set()));
      if (!e.id().subresource().isEmpty()) {
        o.put("subresource", e.id().subresource());
      }
    }
    return out;
  }

  private static long seconds(String time) {
    if (time == null) {
      return 0;
    }
    try {
      return Instant.parse(time).getEpochSecond();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
