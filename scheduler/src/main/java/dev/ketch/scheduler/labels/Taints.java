package dev.ketch.scheduler.labels;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Taint and toleration matching, as upstream's {@code Toleration.ToleratesTaint}. Stateless. */
public final class Taints {

  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
  public static final String NO_EXECUTE = "NoExecute";

  private Taints() {}

  /**
   * Whether the toleration tolerates the taint: an empty effect matches every effect; an empty key
   * with operator Exists matches every key; Exists needs no value; Equal (the default) needs equal
   * values.
   */
  public static boolean tolerates(Toleration t, Taint taint) {
    if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
      return false;
    }
    String key = t.getKey() == null ? "" : t.getKey();
    String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
    if (!key.isEmpty() && !key.equals(taint.getKey())) {
      return false;
    }
    if (key.isEmpty() && !op.equals("Exists")) {
      return false;
    }
    return switch (op) {
      case "Exists" -> true;
      case "Equal" -> nullToEmpty(t.getValue()).equals(nullToEmpty(taint.getValue()));
      default -> false;
    };
  }

  /** Whether any of the tolerations tolerates the taint. */
  public static boolean toleratedBy(Taint taint, List<Toleration> tolerations) {
    if (tolerations != null) {
      for (Toleration t : tolerations) {
        if (tolerates(t, taint)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first taint that {@code which} selects and no toleration tolerates. */
  public static Optional<Taint> firstUntolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> which) {
    if (taints != null) {
      for (Taint taint : taints) {
        if (which.test(taint) && !toleratedBy(taint, tolerations)) {
          return Optional.of(taint);
        }
      }
    }
    return Optional.empty();
  }

  /** Selects the taints that keep pods off a node: NoSchedule and NoExecute. */
  public static boolean blocksScheduling(Taint taint) {
    return NO_SCHEDULE.equals(taint.getEffect()) || NO_EXECUTE.equals(taint.getEffect());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
