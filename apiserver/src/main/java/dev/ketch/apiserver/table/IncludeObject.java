package dev.ketch.apiserver.table;

import dev.ketch.apiserver.errors.StatusException;

/** What each Table row carries besides its cells: the {@code includeObject} query parameter. */
public enum IncludeObject {
  /** No object: {@code "object":null}. */
  NONE("None"),
  /** The object's metadata as a meta.k8s.io PartialObjectMetadata; the default. */
  METADATA("Metadata"),
  /** The whole object, as {@code kubectl get --sort-by} asks for. */
  OBJECT("Object");

  private final String wire;

  IncludeObject(String wire) {
    this.wire = wire;
  }

  /** The value as the query parameter spells it. */
  public String wire() {
    return wire;
  }

  /**
   * Reads the query parameter; null or empty means {@link #METADATA}.
   *
   * @throws StatusException 400 BadRequest {@code unrecognized includeObject value: "x"} otherwise
   */
  public static IncludeObject parse(String value) {
    if (value == null || value.isEmpty()) {
      return METADATA;
    }
    for (IncludeObject i : values()) {
      if (i.wire.equals(value)) {
        return i;
      }
    }
    throw StatusException.badRequest("unrecognized includeObject value: \"" + value + "\"");
  }
}
