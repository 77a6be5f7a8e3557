package dev.ketch.apiserver.patch;

import java.util.Optional;

/**
 * Where in a model type a strategic merge currently is: an object of a model class, the values of
 * a map, or a value the model does not describe as an object. Looking a key up yields the schema
 * one level down and the field's strategy.
 *
 * <p>Upstream fails on keys its Go types lack ("unable to find api field"). A stored object only
 * holds fields its type knows, so upstream meets that only for fields the fabric8 model may not
 * know yet; here such fields are patched without a strategy instead.
 *
 * @param metadata where fields and strategies are looked up
 * @param type the model class, or the value class of a map, or the class of a non-object value
 *     ({@code null} if unknown)
 * @param place what {@code type} describes
 */
record PatchSchema(PatchMetadata metadata, Class<?> type, Place place) {

  enum Place {
    OBJECT,
    MAP_VALUES,
    OTHER
  }

  /** A field's schema and strategy. */
  record Lookup(PatchSchema schema, FieldStrategy strategy) {}

  static PatchSchema of(PatchMetadata metadata, Class<?> type) {
    return new PatchSchema(metadata, type, Place.OBJECT);
  }

  private PatchSchema value(PatchField.Shape shape, Class<?> valueType) {
    return switch (shape) {
      case OBJECT -> new PatchSchema(metadata, valueType, Place.OBJECT);
      case MAP -> new PatchSchema(metadata, valueType, Place.MAP_VALUES);
      case LIST, SCALAR -> new PatchSchema(metadata, valueType, Place.OTHER);
    };
  }

  private Lookup unknown() {
    return new Lookup(new PatchSchema(metadata, null, Place.OTHER), FieldStrategy.NONE);
  }

  /** The field {@code key} holding an object (Go's LookupPatchMetadataForStruct). */
  Lookup forObject(String key) {
    if (type == null || place == Place.OTHER) {
      return unknown();
    }
    if (place == Place.MAP_VALUES) {
      return new Lookup(value(PatchMetadata.shapeOf(type), type), FieldStrategy.NONE);
    }
    Optional<PatchField> field = metadata.field(type, key);
    if (field.isEmpty()) {
      return unknown();
    }
    PatchField f = field.get();
    if (f.shape() == PatchField.Shape.LIST) {
      return new Lookup(new PatchSchema(metadata, null, Place.OTHER), f.strategy());
    }
    return new Lookup(value(f.shape(), f.valueType()), f.strategy());
  }

  /**
   * The field {@code key} holding a list (Go's LookupPatchMetadataForSlice): the schema of one
   * element, and the field's strategy.
   */
  Lookup forList(String key) {
    if (type == null || place != Place.OBJECT) {
      return unknown();
    }
    Optional<PatchField> field = metadata.field(type, key);
    if (field.isEmpty()) {
      return unknown();
    }
    PatchField f = field.get();
    if (f.shape() == PatchField.Shape.LIST) {
      return new Lookup(value(PatchMetadata.shapeOf(f.valueType()), f.valueType()), f.strategy());
    }
    if (f.shape() == PatchField.Shape.SCALAR && f.valueType() == Object.class) {
      return unknown();
    }
    // upstream names the kind of the enclosing struct here, not the field's
    throw PatchErrors.failed("expected slice or array type, but got: struct");
  }

  /** The Go kind name of this schema's type, as upstream words "cannot merge lists ... for %s". */
  String goKindName() {
    if (place == Place.MAP_VALUES) {
      return "map";
    }
    if (type == null || type == Object.class) {
      return "interface";
    }
    if (place == Place.OBJECT) {
      return "struct";
    }
    if (type == String.class) {
      return "string";
    }
    if (type == Integer.class || type == int.class) {
      return "int32";
    }
    if (type == Long.class || type == long.class) {
      return "int64";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "bool";
    }
    if (type == Double.class || type == double.class) {
      return "float64";
    }
    return "struct";
  }
}
