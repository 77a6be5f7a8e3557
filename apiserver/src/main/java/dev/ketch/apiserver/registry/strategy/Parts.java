package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.json.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies of a top-level part ({@code spec}, {@code status}, …) between two objects of a model
 * class, found through its bean accessors. Values are deep-copied so that the result never shares
 * state with a stored (possibly cached) object. Thread-safe.
 */
final class Parts {

  private record Accessors(MethodHandle getter, MethodHandle setter, Class<?> valueType) {}

  private static final Accessors NONE = new Accessors(null, null, null);
  private static final Map<String, Accessors> CACHE = new ConcurrentHashMap<>();

  private Parts() {}

  /** Sets {@code property} of {@code target} to a deep copy of that of {@code source}. */
  static void keep(HasMetadata target, HasMetadata source, String property) {
    Accessors a = accessors(target.getClass(), property);
    if (a == NONE) {
      return;
    }
    try {
      a.setter().invoke(target, deepCopy(a.getter().invoke(source)));
    } catch (Throwable t) {
      throw new IllegalStateException("cannot copy " + property + " of " + target.getClass().getSimpleName(), t);
    }
  }

  /** Sets {@code status} to an empty one, if the class has a status. */
  static void resetStatus(HasMetadata target) {
    Accessors a = accessors(target.getClass(), "status");
    if (a == NONE) {
      return;
    }
    try {
      a.setter().invoke(target, a.valueType().getConstructor().newInstance());
    } catch (Throwable t) {
      throw new IllegalStateException("cannot reset the status of " + target.getClass().getSimpleName(), t);
    }
  }

  /** A deep copy through the JSON mapper, so unknown fields survive. */
  @SuppressWarnings("unchecked")
  static <V> V deepCopy(V value) {
    if (value == null) {
      return null;
    }
    return (V) Json.mapper().convertValue(value, value.getClass());
  }

  private static Accessors accessors(Class<?> type, String property) {
    return CACHE.computeIfAbsent(type.getName() + "#" + property, k -> lookup(type, property));
  }

  private static Accessors lookup(Class<?> type, String property) {
    String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
    try {
      var getter = type.getMethod("get" + suffix);
      Class<?> valueType = getter.getReturnType();
      var setter = type.getMethod("set" + suffix, valueType);
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      return new Accessors(lookup.unreflect(getter).asType(MethodType.methodType(Object.class, Object.class)),
          lookup.unreflect(setter).asType(MethodType.methodType(void.class, Object.class, Object.class)), valueType);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return NONE;
    }
  }
}
