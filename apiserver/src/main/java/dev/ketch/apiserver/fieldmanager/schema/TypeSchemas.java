package dev.ketch.apiserver.fieldmanager.schema;

import dev.ketch.apiserver.patch.ListType;
import dev.ketch.apiserver.patch.PatchField;
import dev.ketch.apiserver.patch.PatchMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The structured-merge-diff schema of the model classes, derived from what {@link PatchMetadata}
 * knows: each class's JSON fields (by Jackson introspection of the fabric8 model), the list types
 * and keys of its lists, and which structs and maps are atomic. Fields the model leaves open
 * ({@code Object}) are untyped. Thread-safe; schemas are built once per class and shared.
 */
public final class TypeSchemas {

  private final PatchMetadata metadata;
  private final Map<Class<?>, TypeNode> structs = new ConcurrentHashMap<>();

  public TypeSchemas(PatchMetadata metadata) {
    this.metadata = metadata;
  }

  /** The schemas of the built-in types. */
  public static TypeSchemas builtIn() {
    return new TypeSchemas(PatchMetadata.builtIn());
  }

  /** The schema of an object of a model class, e.g. {@code Deployment.class}. */
  public TypeNode forClass(Class<?> modelClass) {
    return struct(modelClass, metadata.atomicStruct(modelClass));
  }

  private TypeNode struct(Class<?> type, boolean atomic) {
    if (!atomic) {
      return structs.computeIfAbsent(type, t -> TypeNode.struct(t, false, () -> fields(t)));
    }
    return TypeNode.struct(type, true, () -> fields(type));
  }

  private Map<String, TypeNode.Field> fields(Class<?> owner) {
    Map<String, TypeNode.Field> out = new LinkedHashMap<>();
    for (PatchField f : metadata.fields(owner).values()) {
      if (f.name().equals("additionalProperties")) {
        continue;
      }
      out.put(f.name(), new TypeNode.Field(fieldType(owner, f), metadata.keyDefault(owner, f.name()).orElse(null)));
    }
    return out;
  }

  private TypeNode fieldType(Class<?> owner, PatchField f) {
    boolean atomic = metadata.atomicField(owner, f.name(), f.valueType());
    return switch (f.shape()) {
      case OBJECT -> struct(f.valueType(), atomic);
      case MAP -> TypeNode.map(valueType(f.valueType()), atomic);
      case LIST -> TypeNode.list(valueType(f.valueType()), listType(owner, f));
      case SCALAR -> f.valueType() == Object.class ? TypeNode.untyped() : TypeNode.scalar();
    };
  }

  /** A set only holds scalars: a declared set of something else is taken as atomic. */
  private ListType listType(Class<?> owner, PatchField f) {
    ListType declared = metadata.listType(owner, f.name());
    if (declared.kind() == ListType.Kind.SET && PatchMetadata.shapeOfClass(f.valueType()) != PatchField.Shape.SCALAR) {
      return ListType.ATOMIC;
    }
    return declared;
  }

  /** The schema of a map's values or a list's elements of this class. */
  private TypeNode valueType(Class<?> type) {
    if (type == Object.class) {
      return TypeNode.untyped();
    }
    return switch (PatchMetadata.shapeOfClass(type)) {
      case OBJECT -> struct(type, metadata.atomicStruct(type));
      case SCALAR -> TypeNode.scalar();
      // Nested collections lose their element type to erasure; their values are deduced.
      case MAP, LIST -> TypeNode.untyped();
    };
  }
}
