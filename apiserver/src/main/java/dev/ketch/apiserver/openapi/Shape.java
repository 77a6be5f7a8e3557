package dev.ketch.apiserver.openapi;

import java.util.Objects;

/**
 * The shape of a JSON value as a schema describes it, independent of the OpenAPI version it is
 * written into: v2 and v3 differ in how they spell references and a few special types, not in
 * what the model says.
 */
public sealed interface Shape {

  /** A JSON scalar: {@code string}, {@code integer}, {@code number} or {@code boolean}. */
  record Primitive(String type, String format) implements Shape {
    public Primitive {
      Objects.requireNonNull(type, "type");
    }

    public static Primitive string() {
      return new Primitive("string", null);
    }
  }

  /** A reference to a named definition, e.g. {@code io.k8s.api.core.v1.Container}. */
  record Ref(String definition) implements Shape {
    public Ref {
      Objects.requireNonNull(definition, "definition");
    }
  }

  /** A JSON array of one shape. */
  record ArrayOf(Shape items) implements Shape {}

  /** A JSON object used as a map from strings to one shape. */
  record MapOf(Shape values) implements Shape {}

  /** Any JSON value at all, kept as sent ({@code x-kubernetes-preserve-unknown-fields}). */
  record Unknown() implements Shape {}
}
