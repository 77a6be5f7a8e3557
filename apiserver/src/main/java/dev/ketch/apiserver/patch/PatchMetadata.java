package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.ketch.apiserver.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a strategic merge patch needs to know about the model classes: for a class and a JSON field
 * name, what the field holds (taken from the fabric8 model by Jackson introspection with the shared
 * mapper) and its declared patch strategy and merge key (taken from a table of the Kubernetes API
 * types' struct tags). The OpenAPI documents publish the same facts as
 * {@code x-kubernetes-patch-strategy} and {@code x-kubernetes-patch-merge-key}, from
 * {@link #strategy(Class, String)}.
 *
 * <p>Immutable apart from a cache of introspected classes; thread-safe.
 */
public final class PatchMetadata {

  private static final PatchMetadata BUILT_IN = new PatchMetadata(BuiltInPatchStrategies.table());

  private final Map<Class<?>, Map<String, FieldStrategy>> strategies;
  private final Map<BuiltInApplyTypes.FieldKey, ListType> listTypes = BuiltInApplyTypes.listTypes();
  private final Set<Class<?>> atomicStructs = BuiltInApplyTypes.atomicStructs();
  private final Set<BuiltInApplyTypes.FieldKey> granularFields = BuiltInApplyTypes.granularFields();
  private final Set<BuiltInApplyTypes.FieldKey> atomicMaps = BuiltInApplyTypes.atomicMaps();
  private final Map<BuiltInApplyTypes.FieldKey, JsonNode> keyDefaults =
      BuiltInApplyTypes.keyDefaults();
  private final ObjectMapper mapper = Json.mapper();
  private final Map<Class<?>, Map<String, PatchField>> fields = new ConcurrentHashMap<>();

  /**
   * Metadata from a table of declared strategies.
   *
   * @param strategies for each model class, its fields that have a strategy
   */
  public PatchMetadata(Map<Class<?>, Map<String, FieldStrategy>> strategies) {
    Map<Class<?>, Map<String, FieldStrategy>> copy = new LinkedHashMap<>();
    strategies.forEach((owner, byField) -> copy.put(owner, Map.copyOf(byField)));
    this.strategies = Collections.unmodifiableMap(copy);
  }

  /** The strategies of the built-in API types that the server serves. */
  public static PatchMetadata builtIn() {
    return BUILT_IN;
  }

  /**
   * The declared patch strategy and merge key of a field, for OpenAPI's
   * {@code x-kubernetes-patch-strategy} and {@code x-kubernetes-patch-merge-key}.
   *
   * @param owner the model class declaring the field, e.g. {@code PodSpec.class}
   * @param jsonField the field's JSON name, e.g. {@code containers}
   * @return the strategy, or empty if the field declares none
   */
  public Optional<FieldStrategy> strategy(Class<?> owner, String jsonField) {
    return Optional.ofNullable(strategies.getOrDefault(owner, Map.of()).get(jsonField));
  }

  /**
   * How server-side apply merges a list field: its {@code x-kubernetes-list-type} and map keys.
   * Fields without a declaration of their own follow their patch strategy: merge with a merge key
   * is a map list on that key, merge without one a set, anything else atomic.
   *
   * @param owner the model class declaring the field, e.g. {@code PodSpec.class}
   * @param jsonField the field's JSON name, e.g. {@code containers}
   */
  public ListType listType(Class<?> owner, String jsonField) {
    ListType declared = listTypes.get(new BuiltInApplyTypes.FieldKey(owner, jsonField));
    if (declared != null) {
      return declared;
    }
    FieldStrategy strategy = strategy(owner, jsonField).orElse(FieldStrategy.NONE);
    if (!strategy.strategies().contains("merge")) {
      return ListType.ATOMIC;
    }
    return strategy.patchMergeKey().isEmpty() ? ListType.SET : ListType.map(strategy.patchMergeKey());
  }

  /**
   * Whether server-side apply replaces a field holding an object whole: its type is declared
   * {@code +structType=atomic} (label selectors, object references) and the field does not make it
   * granular again, or the field is a map declared {@code +mapType=atomic} (a pod's nodeSelector).
   */
  public boolean atomicField(Class<?> owner, String jsonField, Class<?> valueType) {
    BuiltInApplyTypes.FieldKey key = new BuiltInApplyTypes.FieldKey(owner, jsonField);
    if (atomicMaps.contains(key)) {
      return true;
    }
    return atomicStructs.contains(valueType) && !granularFields.contains(key);
  }

  /** Whether a struct is applied whole wherever it appears ({@code +structType=atomic}). */
  public boolean atomicStruct(Class<?> type) {
    return atomicStructs.contains(type);
  }

  /**
   * The default of a field that is a key of a map list, which stands in for it when an element
   * leaves it out (a container port without {@code protocol} is the one with {@code TCP}).
   *
   * @param elementType the model class of the list's elements, e.g. {@code ContainerPort.class}
   */
  public Optional<JsonNode> keyDefault(Class<?> elementType, String jsonField) {
    return Optional.ofNullable(keyDefaults.get(new BuiltInApplyTypes.FieldKey(elementType, jsonField)));
  }

  /** Every field that declares a strategy, by model class; unmodifiable. */
  public Map<Class<?>, Map<String, FieldStrategy>> declaredStrategies() {
    return strategies;
  }

  /**
   * A field of a model class. Like Go's JSON field lookup, an exact name wins and otherwise the
   * first field whose name matches ignoring case is taken.
   *
   * @return the field, or empty if the class has no such JSON field
   */
  public Optional<PatchField> field(Class<?> owner, String jsonField) {
    Map<String, PatchField> all = fields(owner);
    PatchField exact = all.get(jsonField);
    if (exact != null) {
      return Optional.of(exact);
    }
    return all.values().stream().filter(f -> f.name().equalsIgnoreCase(jsonField)).findFirst();
  }

  /** All JSON fields of a model class in declaration order; empty for classes without fields. */
  public Map<String, PatchField> fields(Class<?> owner) {
    Objects.requireNonNull(owner, "owner");
    return fields.computeIfAbsent(owner, this::introspect);
  }

  private Map<String, PatchField> introspect(Class<?> owner) {
    if (shapeOf(mapper.constructType(owner)) != PatchField.Shape.OBJECT) {
      return Map.of();
    }
    BeanDescription bean = mapper.getSerializationConfig().introspect(mapper.constructType(owner));
    Map<String, PatchField> out = new LinkedHashMap<>();
    for (BeanPropertyDefinition property : bean.findProperties()) {
      JavaType type = property.getPrimaryType();
      PatchField.Shape shape = shapeOf(type);
      Class<?> valueType =
          switch (shape) {
            case LIST, MAP -> type.getContentType().getRawClass();
            case OBJECT, SCALAR -> type.getRawClass();
          };
      FieldStrategy strategy = strategy(owner, property.getName()).orElse(FieldStrategy.NONE);
      out.put(property.getName(), new PatchField(owner, property.getName(), shape, valueType, strategy));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * How JSON sees a class: a nested object, a list, a map, or a scalar (strings, numbers, and
   * classes written by a serializer of their own such as Quantity and IntOrString).
   */
  public static PatchField.Shape shapeOfClass(Class<?> raw) {
    return shapeOf(raw);
  }

  /** How JSON sees a class; see {@link #shapeOf(JavaType)}. */
  static PatchField.Shape shapeOf(Class<?> raw) {
    return shapeOf(Json.mapper().constructType(raw));
  }

  /** How JSON sees a Java type: arrays and collections are lists, maps are maps, beans objects. */
  static PatchField.Shape shapeOf(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (raw == byte[].class) {
      return PatchField.Shape.SCALAR;
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return PatchField.Shape.LIST;
    }
    if (type.isMapLikeType()) {
      return PatchField.Shape.MAP;
    }
    if (raw.isPrimitive()
        || raw.isEnum()
        || raw.getName().startsWith("java.")
        || raw.getName().startsWith("com.fasterxml.")
        || hasScalarSerializer(type)) {
      return PatchField.Shape.SCALAR;
    }
    return PatchField.Shape.OBJECT;
  }

  /**
   * Classes such as Quantity and IntOrString are written by a serializer of their own as strings
   * or numbers; Jackson finds it on the class or a superclass.
   */
  private static boolean hasScalarSerializer(JavaType type) {
    SerializationConfig config = Json.mapper().getSerializationConfig();
    Object serializer =
        config.getAnnotationIntrospector().findSerializer(config.introspectClassAnnotations(type).getClassInfo());
    return serializer != null && serializer != JsonSerializer.None.class;
  }
}
