package dev.ketch.apiserver.protobuf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A decoded Kubernetes message as the JSON that Go writes for the same object: the JSON a client
 * would have sent had it sent JSON. Field names are the protobuf names (Kubernetes gives each
 * field its JSON name); {@link GoFields} says which zero values Go writes and which structs it
 * inlines; the apimachinery value types are written in their JSON forms (Time, MicroTime,
 * Duration and Quantity as strings, IntOrString as a number or a string, RawExtension and
 * FieldsV1 as the JSON they hold). Bytes are base64, int64 numbers, map keys sorted as Go sorts
 * them. Stateless apart from its immutable configuration; thread-safe.
 */
final class MessageJson {

  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  static final String TIME = META + "Time";
  static final String MICRO_TIME = META + "MicroTime";
  static final String DURATION = META + "Duration";
  static final String FIELDS_V1 = META + "FieldsV1";
  static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
  static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
  static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";

  /** Go slice types that protobuf wraps in a message with one repeated field, {@code items}. */
  static final Set<String> NAMED_SLICES = Set.of(
      META + "Verbs",
      "k8s.io.api.authentication.v1.ExtraValue",
      "k8s.io.api.authorization.v1.ExtraValue",
      "k8s.io.api.certificates.v1.ExtraValue");

  /** Go sorts map keys by their bytes; for UTF-8 that is the order of code points. */
  private static final Comparator<String> GO_KEY_ORDER = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final GoFields goFields;
  private final Function<byte[], ObjectNode> nestedObjects;

  /**
   * @param goFields how the Go types declare their fields
   * @param nestedObjects decodes an object embedded in a RawExtension as a protobuf envelope
   */
  MessageJson(GoFields goFields, Function<byte[], ObjectNode> nestedObjects) {
    this.goFields = goFields;
    this.nestedObjects = nestedObjects;
  }

  /** The JSON object of a message that is an object (not one of the value types). */
  ObjectNode object(Message message) {
    ObjectNode out = NODES.objectNode();
    writeFields(message, out);
    return out;
  }

  /** The JSON of a message in a field: the value types have their own forms. */
  JsonNode value(Message message) {
    String type = message.getDescriptorForType().getFullName();
    return switch (type) {
      case TIME -> time(message, false);
      case MICRO_TIME -> time(message, true);
      case DURATION -> NODES.textNode(GoText.duration(longField(message, "duration")));
      case QUANTITY -> quantity(message);
      case INT_OR_STRING -> intOrString(message);
      case RAW_EXTENSION -> embeddedJson(message, "raw", type);
      case FIELDS_V1 -> embeddedJson(message, "Raw", type);
      default -> NAMED_SLICES.contains(type) ? items(message) : object(message);
    };
  }

  private void writeFields(Message message, ObjectNode out) {
    Descriptor type = message.getDescriptorForType();
    rejectWrongWireTypes(message, type);
    for (FieldDescriptor field : type.getFields()) {
      GoFields.Shape shape = goFields.shape(type.getFullName(), field.getName());
      String name = field.getName();
      if (field.isMapField()) {
        List<?> entries = (List<?>) message.getField(field);
        if (!entries.isEmpty()) {
          out.set(name, map(field, entries));
        } else if (shape == GoFields.Shape.ALWAYS) {
          out.set(name, NullNode.getInstance());
        }
      } else if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        if (count > 0) {
          ArrayNode array = out.putArray(name);
          for (int i = 0; i < count; i++) {
            array.add(single(field, message.getRepeatedField(field, i)));
          }
        } else if (shape == GoFields.Shape.ALWAYS) {
          out.set(name, NullNode.getInstance());
        }
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (!message.hasField(field)) {
          continue;
        }
        Message sub = (Message) message.getField(field);
        if (shape == GoFields.Shape.INLINE) {
          writeFields(sub, out);
        } else {
          out.set(name, value(sub));
        }
      } else if (message.hasField(field)) {
        Object v = message.getField(field);
        if (shape != GoFields.Shape.OMIT_EMPTY || !isZero(v)) {
          out.set(name, scalar(field, v));
        }
      } else if (shape == GoFields.Shape.ALWAYS) {
        out.set(name, scalar(field, field.getDefaultValue()));
      }
    }
  }

  /**
   * The protobuf runtime keeps a field sent with the wrong wire type as an unknown field; Go's
   * decoder refuses the message. Fields whose numbers the schema does not know are skipped by
   * both.
   */
  private static void rejectWrongWireTypes(Message message, Descriptor type) {
    for (int number : message.getUnknownFields().asMap().keySet()) {
      FieldDescriptor known = type.findFieldByNumber(number);
      if (known != null) {
        throw StatusException.badRequest("unable to decode the protobuf body: field " + known.getName() + " of "
            + type.getName() + " has the wrong wire type");
      }
    }
  }

  private JsonNode single(FieldDescriptor field, Object v) {
    return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? value((Message) v) : scalar(field, v);
  }

  private ObjectNode map(FieldDescriptor field, List<?> entries) {
    Descriptor entryType = field.getMessageType();
    FieldDescriptor key = entryType.findFieldByName("key");
    FieldDescriptor val = entryType.findFieldByName("value");
    // The last of repeated keys wins, as in Go's decoder; Go writes the keys sorted.
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (Object e : entries) {
      Message entry = (Message) e;
      String k = String.valueOf(entry.getField(key));
      Object v = entry.getField(val);
      values.put(k, single(val, v));
    }
    ObjectNode out = NODES.objectNode();
    List<String> keys = new ArrayList<>(values.keySet());
    keys.sort(GO_KEY_ORDER);
    for (String k : keys) {
      out.set(k, values.get(k));
    }
    return out;
  }

  private static boolean isZero(Object v) {
    return switch (v) {
      case String s -> s.isEmpty();
      case ByteString b -> b.isEmpty();
      case Boolean b -> !b;
      case Integer i -> i == 0;
      case Long l -> l == 0L;
      case Float f -> f == 0f;
      case Double d -> d == 0d;
      case EnumValueDescriptor e -> e.getNumber() == 0;
      default -> false;
    };
  }

  private static JsonNode scalar(FieldDescriptor field, Object v) {
    return switch (field.getType()) {
      case STRING -> NODES.textNode((String) v);
      case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
      case BOOL -> NODES.booleanNode((Boolean) v);
      case INT32, SINT32, SFIXED32 -> NODES.numberNode((Integer) v);
      case UINT32, FIXED32 -> number(Integer.toUnsignedLong((Integer) v));
      case INT64, SINT64, SFIXED64 -> number((Long) v);
      case UINT64, FIXED64 -> (Long) v >= 0 ? number((Long) v) : NODES.numberNode(new BigInteger(Long.toUnsignedString((Long) v)));
      case FLOAT -> NODES.numberNode((Float) v);
      case DOUBLE -> NODES.numberNode((Double) v);
      case ENUM -> NODES.textNode(((EnumValueDescriptor) v).getName());
      case MESSAGE, GROUP -> throw new IllegalArgumentException("not a scalar: " + field.getFullName());
    };
  }

  /** A whole number as Jackson reads it from JSON text: an int when it fits, else a long. */
  private static JsonNode number(long v) {
    return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
  }

  /** metav1.Time and MicroTime: null for the zero time; Time keeps whole seconds only. */
  private static JsonNode time(Message m, boolean micro) {
    if (m.getAllFields().isEmpty()) {
      return NullNode.getInstance();
    }
    long seconds = longField(m, "seconds");
    long nanos = micro ? longField(m, "nanos") : 0;
    if (GoText.isGoZero(seconds, nanos)) {
      return NullNode.getInstance();
    }
    return NODES.textNode(micro ? GoText.microTime(seconds, nanos) : GoText.time(seconds));
  }

  /** resource.Quantity: the string the client wrote; the zero quantity is "0". */
  private static JsonNode quantity(Message m) {
    FieldDescriptor f = m.getDescriptorForType().findFieldByName("string");
    String s = m.hasField(f) ? (String) m.getField(f) : "";
    return NODES.textNode(s.isEmpty() ? "0" : s);
  }

  /** intstr.IntOrString: type 1 is a string, anything else the integer. */
  private static JsonNode intOrString(Message m) {
    if (longField(m, "type") == 1) {
      return NODES.textNode((String) m.getField(m.getDescriptorForType().findFieldByName("strVal")));
    }
    return number(longField(m, "intVal"));
  }

  private JsonNode items(Message m) {
    FieldDescriptor f = m.getDescriptorForType().findFieldByName("items");
    ArrayNode array = NODES.arrayNode();
    for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
      array.add(single(f, m.getRepeatedField(f, i)));
    }
    return array;
  }

  /**
   * RawExtension and FieldsV1 hold the bytes of their JSON: written as that JSON, or null when
   * unset. An object a Go client encoded into a RawExtension as protobuf is decoded as well.
   */
  private JsonNode embeddedJson(Message m, String fieldName, String type) {
    FieldDescriptor f = m.getDescriptorForType().findFieldByName(fieldName);
    if (!m.hasField(f)) {
      return NullNode.getInstance();
    }
    byte[] raw = ((ByteString) m.getField(f)).toByteArray();
    if (raw.length == 0) {
      return NullNode.getInstance();
    }
    if (Envelope.hasMagic(raw)) {
      return nestedObjects.apply(raw);
    }
    try {
      JsonNode node = Json.mapper().readTree(raw);
      if (node == null || node.isMissingNode()) {
        throw StatusException.badRequest("a " + shortName(type) + " in the protobuf body holds no JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw StatusException.badRequest(
          "a " + shortName(type) + " in the protobuf body does not hold JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw StatusException.badRequest("a " + shortName(type) + " in the protobuf body is unreadable: " + e.getMessage());
    }
  }

  private static String shortName(String type) {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  private static long longField(Message m, String name) {
    FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
    Object v = m.getField(f);
    return v instanceof Integer i ? i : (Long) v;
  }
}
