package dev.ketch.apiserver.openapi;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.openapi.Definition.Form;
import dev.ketch.apiserver.openapi.Shape.ArrayOf;
import dev.ketch.apiserver.openapi.Shape.MapOf;
import dev.ketch.apiserver.openapi.Shape.Primitive;
import dev.ketch.apiserver.openapi.Shape.Ref;
import dev.ketch.apiserver.openapi.Shape.Unknown;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Derives definitions from fabric8 model classes by asking Jackson how it serialises them — the
 * same mapper that writes the objects — so the schemas name exactly the fields the server reads
 * and writes.
 *
 * <p>Java types become shapes as follows: {@code String} a string (or a timestamp reference when
 * the field is one of Kubernetes' timestamp fields), boxed and primitive numbers integers (int32,
 * int64) or numbers (double), {@code Boolean} a boolean, collections arrays, maps objects with
 * {@code additionalProperties}, IntOrString, Quantity, MicroTime, Duration and RawExtension
 * references to their apimachinery definitions, other model classes references to their own
 * definitions, and anything untyped ({@code Object}, interfaces such as KubernetesResource) an
 * unknown value kept as sent. The catch-all {@code additionalProperties} of fabric8 classes is not
 * a field. A class that declares no fields at all (FieldsV1) is a free-form object.
 *
 * <p>fabric8 does not record which fields are required, so only {@code @JsonProperty(required =
 * true)} marks one; none of the built-in classes carries it, and nothing is required. Not
 * thread-safe: one instance builds one set of definitions.
 */
final class ModelIntrospector {

  private final PatchHints hints;
  private final Map<String, Definition> definitions = new TreeMap<>();
  private final Map<String, Class<?>> sources = new LinkedHashMap<>();
  private final Deque<Class<?>> pending = new ArrayDeque<>();

  ModelIntrospector(PatchHints hints) {
    this.hints = hints;
  }

  /**
   * Adds the definition of a model class and of everything it refers to.
   *
   * @return the definition name of the class
   * @throws IllegalArgumentException if the class has no upstream name
   */
  String add(Class<?> model) {
    String name = nameOf(model);
    enqueue(name, model);
    drain();
    return name;
  }

  /** Adds a well-known apimachinery definition by name. */
  void addWellKnown(String name) {
    definitions.computeIfAbsent(name, n -> WellKnownTypes.definition(n).orElseThrow());
  }

  /** Everything added so far, by name, sorted. */
  Map<String, Definition> definitions() {
    return Collections.unmodifiableMap(definitions);
  }

  private void drain() {
    while (!pending.isEmpty()) {
      Class<?> model = pending.removeFirst();
      String name = nameOf(model);
      definitions.put(name, describe(name, model));
    }
  }

  private void enqueue(String name, Class<?> model) {
    Class<?> previous = sources.putIfAbsent(name, model);
    if (previous == null) {
      pending.addLast(model);
    } else if (previous != model) {
      throw new IllegalStateException("two classes named " + name + ": " + previous + " and " + model);
    }
  }

  private Definition describe(String name, Class<?> model) {
    BeanDescription bean = Json.mapper().getSerializationConfig().introspect(Json.mapper().constructType(model));
    List<BeanPropertyDefinition> fields = new ArrayList<>(bean.findProperties());
    fields.removeIf(p -> !p.couldSerialize());
    if (fields.isEmpty()) {
      return Definition.special(name, Form.FREE_OBJECT, null);
    }
    fields.sort(Comparator.comparing(BeanPropertyDefinition::getName));
    List<Property> properties = new ArrayList<>();
    List<String> required = new ArrayList<>();
    for (BeanPropertyDefinition field : fields) {
      String json = field.getName();
      Shape shape = shapeOf(field.getPrimaryType(), json);
      properties.add(new Property(json, shape, null, extensions(model, json)));
      if (field.isRequired()) {
        required.add(json);
      }
    }
    return new Definition(name, Form.OBJECT, null, properties, required, List.of());
  }

  private Map<String, JsonNode> extensions(Class<?> owner, String json) {
    Map<String, JsonNode> ext = new LinkedHashMap<>();
    hints.listType(owner, json).ifPresent(t -> ext.put("x-kubernetes-list-type", TextNode.valueOf(t)));
    List<String> keys = hints.listMapKeys(owner, json);
    if (!keys.isEmpty()) {
      ArrayNode array = Json.mapper().createArrayNode();
      keys.forEach(array::add);
      ext.put("x-kubernetes-list-map-keys", array);
    }
    hints.mergeKey(owner, json).ifPresent(k -> ext.put("x-kubernetes-patch-merge-key", TextNode.valueOf(k)));
    hints.strategy(owner, json).ifPresent(s -> ext.put("x-kubernetes-patch-strategy", TextNode.valueOf(s)));
    return ext;
  }

  /** The shape of a value of this type held by a field of this JSON name. */
  Shape shapeOf(JavaType type, String jsonField) {
    Class<?> raw = type.getRawClass();
    if (type.isArrayType() && raw != byte[].class || type.isCollectionLikeType()) {
      return new ArrayOf(shapeOf(type.getContentType(), jsonField));
    }
    if (type.isMapLikeType()) {
      return new MapOf(shapeOf(type.getContentType(), jsonField));
    }
    Optional<Shape> scalar = scalar(raw, jsonField);
    if (scalar.isPresent()) {
      return scalar.get();
    }
    Optional<String> name = DefinitionNames.of(raw);
    if (name.isEmpty() || raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || raw.isEnum()) {
      return raw.isEnum() ? Primitive.string() : new Unknown();
    }
    Optional<Definition> wellKnown = WellKnownTypes.definition(name.get());
    if (wellKnown.isPresent()) {
      addWellKnown(name.get());
      return new Ref(name.get());
    }
    if (raw.getSimpleName().equals("AnyType") || raw.getSimpleName().equals("GenericKubernetesResource")) {
      return new Unknown();
    }
    enqueue(name.get(), raw);
    return new Ref(name.get());
  }

  private Optional<Shape> scalar(Class<?> raw, String jsonField) {
    if (raw == String.class) {
      Optional<String> timestamp = WellKnownTypes.timestampFor(jsonField);
      timestamp.ifPresent(this::addWellKnown);
      return Optional.of(timestamp.<Shape>map(Ref::new).orElse(Primitive.string()));
    }
    if (Temporal.class.isAssignableFrom(raw)) {
      String def = WellKnownTypes.timestampFor(jsonField).orElse(DefinitionNames.TIME);
      addWellKnown(def);
      return Optional.of(new Ref(def));
    }
    if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class || raw == Byte.class) {
      return Optional.of(new Primitive("integer", "int32"));
    }
    if (raw == Long.class || raw == long.class || raw == BigInteger.class) {
      return Optional.of(new Primitive("integer", "int64"));
    }
    if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class || raw == BigDecimal.class) {
      return Optional.of(new Primitive("number", "double"));
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return Optional.of(new Primitive("boolean", null));
    }
    if (raw == byte[].class) {
      return Optional.of(new Primitive("string", "byte"));
    }
    if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
      return Optional.of(new Unknown());
    }
    return Optional.empty();
  }

  private static String nameOf(Class<?> model) {
    return DefinitionNames.of(model)
        .orElseThrow(() -> new IllegalArgumentException("not a Kubernetes model class: " + model.getName()));
  }
}
