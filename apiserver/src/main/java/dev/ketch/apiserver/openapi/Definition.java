package dev.ketch.apiserver.openapi;

import java.util.List;
import java.util.Objects;

/**
 * A named schema of the documents, e.g. {@code io.k8s.api.apps.v1.Deployment}.
 *
 * @param name the definition name in the upstream style
 * @param form how the schema is written
 * @param description the text clients show, or null
 * @param properties the fields of an {@link Form#OBJECT}, sorted by name; empty otherwise
 * @param required the names of the fields that must be present
 * @param kinds the kinds whose objects this schema describes at top level ({@code
 *     x-kubernetes-group-version-kind}); empty for nested types
 */
public record Definition(
    String name, Form form, String description, List<Property> properties, List<String> required, List<GroupVersionKind> kinds) {

  /** How a definition is written; the special forms are written differently in v2 and v3. */
  public enum Form {
    /** An object with declared fields. */
    OBJECT,
    /** An object whose fields are not declared and are kept as sent. */
    FREE_OBJECT,
    /** IntOrString: an integer or a string. */
    INT_OR_STRING,
    /** Quantity: a string such as {@code 500m}, or a number. */
    QUANTITY,
    /** A timestamp string in RFC 3339 form (Time, MicroTime). */
    DATE_TIME,
    /** A plain string (Duration). */
    STRING
  }

  public Definition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(form, "form");
    properties = List.copyOf(properties);
    required = List.copyOf(required);
    kinds = List.copyOf(kinds);
  }

  public static Definition special(String name, Form form, String description) {
    return new Definition(name, form, description, List.of(), List.of(), List.of());
  }

  public Definition withKinds(List<GroupVersionKind> kinds) {
    return new Definition(name, form, description, properties, required, kinds);
  }

  public java.util.Optional<Property> property(String field) {
    return properties.stream().filter(p -> p.name().equals(field)).findFirst();
  }
}
