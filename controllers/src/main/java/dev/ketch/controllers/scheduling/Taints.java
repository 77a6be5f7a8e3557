package dev.ketch.controllers.scheduling;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** Taints and tolerations, as upstream's v1 helpers (Toleration.ToleratesTaint and friends). */
public final class Taints {

  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
  public static final String NO_EXECUTE = "NoExecute";

  private Taints() {}

  /**
   * Whether {@code t} tolerates {@code taint}: same effect (or any, if the toleration has none),
   * same key (or any, if it has none), and for operator Equal (the default) the same value.
   */
  public static boolean tolerates(Toleration t, Taint taint) {
    if (!empty(t.getEffect()) && !t.getEffect().equals(taint.getEffect())) {
      return false;
    }
    if (!empty(t.getKey()) && !t.getKey().equals(taint.getKey())) {
      return false;
    }
    String operator = empty(t.getOperator()) ? "Equal" : t.getOperator();
    return switch (operator) {
      case "Equal" -> Objects.equals(orEmpty(t.getValue()), orEmpty(taint.getValue()));
      case "Exists" -> true;
      default -> false;
    };
  }

  /** Whether any of {@code tolerations} tolerates {@code taint}. */
  public static boolean tolerated(Taint taint, List<Toleration> tolerations) {
    for (Toleration t : orEmpty(tolerations)) {
      if (tolerates(t, taint)) {
        return true;
      }
    }
    return false;
  }

  /** The first of {@code taints} that {@code filter} accepts and no toleration tolerates, or null. */
  public static Taint firstUntolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
    for (Taint taint : orEmpty(taints)) {
      if (filter.test(taint) && !tolerated(taint, tolerations)) {
        return taint;
      }
    }
    return null;
  }

  /** Whether {@code taint}'s effect is NoSchedule or NoExecute, the effects that keep pods off a node. */
  public static boolean blocksScheduling(Taint taint) {
    return NO_SCHEDULE.equals(taint.getEffect()) || NO_EXECUTE.equals(taint.getEffect());
  }

  public static boolean isNoExecute(Taint taint) {
    return NO_EXECUTE.equals(taint.getEffect());
  }

  /**
   * For each taint the first toleration that tolerates it (GetMatchingTolerations), or null if some
   * taint is not tolerated at all.
   */
  public static List<Toleration> matchingTolerations(List<Taint> taints, List<Toleration> tolerations) {
    List<Toleration> used = new ArrayList<>();
    for (Taint taint : orEmpty(taints)) {
      Toleration match = null;
      for (Toleration t : orEmpty(tolerations)) {
        if (tolerates(t, taint)) {
          match = t;
          break;
        }
      }
      if (match == null) {
        return null;
      }
      used.add(match);
    }
    return used;
  }

  /**
   * How long a pod with {@code used} tolerations may stay (getMinTolerationTime): the smallest
   * tolerationSeconds, zero if one is zero or negative or there are none, and null for forever
   * (no toleration has a limit).
   */
  public static Duration minTolerationTime(List<Toleration> used) {
    if (used.isEmpty()) {
      return Duration.ZERO;
    }
    Long min = null;
    for (Toleration t : used) {
      Long seconds = t.getTolerationSeconds();
      if (seconds != null) {
        if (seconds <= 0) {
          return Duration.ZERO;
        }
        min = min == null ? seconds : Math.min(min, seconds);
      }
    }
    return min == null ? null : Duration.ofSeconds(min);
  }

  /** Whether {@code taints} has one with the key and effect of {@code wanted}. */
  public static boolean has(List<Taint> taints, Taint wanted) {
    for (Taint t : orEmpty(taints)) {
      if (Objects.equals(t.getKey(), wanted.getKey()) && Objects.equals(t.getEffect(), wanted.getEffect())) {
        return true;
      }
    }
    return false;
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
