package dev.ketch.controllers.objects;

import io.fabric8.kubernetes.api.model.IntOrString;

/** An int-or-percent field scaled against a total, as apimachinery's GetScaledValueFromIntOrPercent. */
public final class IntOrPercent {

  private IntOrPercent() {}

  /**
   * {@code value} itself if it is a number; if it is {@code "N%"}, N percent of {@code total},
   * rounded up or down.
   *
   * @throws IllegalArgumentException for a string that is not a percentage
   */
  public static int scaled(IntOrString value, int total, boolean roundUp, int ifNull) {
    if (value == null) {
      return ifNull;
    }
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String s = value.getStrVal();
    if (s == null || !s.endsWith("%")) {
      throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage: " + s);
    }
    int percent;
    try {
      percent = Integer.parseInt(s.substring(0, s.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid value \"" + s + "\": " + e.getMessage());
    }
    long scaled = (long) percent * total;
    return (int) (roundUp ? Math.ceilDiv(scaled, 100) : Math.floorDiv(scaled, 100));
  }
}
