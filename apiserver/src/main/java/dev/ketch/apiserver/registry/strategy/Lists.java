package dev.ketch.apiserver.registry.strategy;

import java.util.List;
import java.util.Map;

/** Null-safe views of the lists and maps of model objects, which JSON may leave null. */
final class Lists {

  private Lists() {}

  static <T> List<T> of(List<T> list) {
    return list == null ? List.of() : list;
  }

  static <K, V> Map<K, V> of(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
