package dev.ketch.apiserver.openapi;

import dev.ketch.apiserver.openapi.Definition.Form;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The apimachinery types that the fabric8 model represents loosely and that the documents must
 * spell as upstream does: IntOrString, Quantity, the timestamps (fabric8 keeps most of them as
 * plain strings), Duration, RawExtension, FieldsV1 and the PATCH body.
 */
final class WellKnownTypes {

  private static final Map<String, Definition> DEFINITIONS =
      Map.of(
          DefinitionNames.INT_OR_STRING,
          Definition.special(
              DefinitionNames.INT_OR_STRING,
              Form.INT_OR_STRING,
              "An integer or a string: a port number or a port name, a count or a percentage."),
          DefinitionNames.QUANTITY,
          Definition.special(
              DefinitionNames.QUANTITY,
              Form.QUANTITY,
              "A fixed-point amount such as 500m, 128Mi or 2, written as a string (or a plain number)."),
          DefinitionNames.TIME,
          Definition.special(DefinitionNames.TIME, Form.DATE_TIME, "A timestamp in RFC 3339 form, to the second."),
          DefinitionNames.MICRO_TIME,
          Definition.special(
              DefinitionNames.MICRO_TIME, Form.DATE_TIME, "A timestamp in RFC 3339 form, to the microsecond."),
          DefinitionNames.DURATION,
          Definition.special(DefinitionNames.DURATION, Form.STRING, "A duration such as 1h30m."),
          DefinitionNames.RAW_EXTENSION,
          Definition.special(
              DefinitionNames.RAW_EXTENSION, Form.FREE_OBJECT, "An embedded object, kept as sent."),
          DefinitionNames.META_V1 + "FieldsV1",
          Definition.special(
              DefinitionNames.META_V1 + "FieldsV1",
              Form.FREE_OBJECT,
              "The set of fields a manager owns, in the FieldsV1 trie format."),
          DefinitionNames.PATCH,
          Definition.special(
              DefinitionNames.PATCH, Form.FREE_OBJECT, "The body of a PATCH request, in the format its Content-Type names."));

  /**
   * JSON names of the timestamp fields of the built-in types that fabric8 keeps as plain strings.
   * Kubernetes names these fields consistently, so the name decides.
   */
  private static final Set<String> TIME_FIELDS =
      Set.of(
          "creationTimestamp", "deletionTimestamp", "time", "lastTransitionTime", "lastProbeTime", "lastUpdateTime",
          "lastHeartbeatTime", "startTime", "completionTime", "startedAt", "finishedAt", "lastScheduleTime",
          "lastSuccessfulTime", "firstTimestamp", "lastTimestamp", "deprecatedFirstTimestamp",
          "deprecatedLastTimestamp", "expirationTimestamp", "timeAdded", "lastPhaseTransitionTime");

  /** The timestamps with microsecond precision (metav1.MicroTime). */
  private static final Set<String> MICRO_TIME_FIELDS = Set.of("eventTime", "lastObservedTime", "acquireTime", "renewTime");

  private WellKnownTypes() {}

  static Optional<Definition> definition(String name) {
    return Optional.ofNullable(DEFINITIONS.get(name));
  }

  /** The timestamp definition a field of this JSON name refers to, if it is a timestamp field. */
  static Optional<String> timestampFor(String jsonField) {
    if (MICRO_TIME_FIELDS.contains(jsonField)) {
      return Optional.of(DefinitionNames.MICRO_TIME);
    }
    return TIME_FIELDS.contains(jsonField) ? Optional.of(DefinitionNames.TIME) : Optional.empty();
  }

  /** The description of a field every top-level object has, or null for other fields. */
  static String standardFieldDescription(Property field) {
    boolean object = field.shape() instanceof Shape.Ref;
    return switch (field.name()) {
      case "apiVersion" -> "The versioned schema of this representation of the object, e.g. apps/v1.";
      case "kind" -> "The kind of the object, e.g. Deployment. In CamelCase.";
      case "metadata" -> field.shape().equals(new Shape.Ref(DefinitionNames.OBJECT_META))
          ? "Standard object metadata: name, namespace, labels, annotations, owners."
          : object ? "Standard list metadata: resourceVersion and continue token." : null;
      case "spec" -> object ? "The desired state of the object." : null;
      case "status" -> object ? "The most recently observed state of the object. Populated by the system; read-only." : null;
      case "items" -> field.shape() instanceof Shape.ArrayOf ? "The objects of the list." : null;
      default -> null;
    };
  }
}
