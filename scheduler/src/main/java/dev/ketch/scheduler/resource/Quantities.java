package dev.ketch.scheduler.resource;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads Kubernetes quantities ({@code 100m}, {@code 2Gi}, {@code 1.5}, {@code 1e3}) as whole
 * numbers the way the scheduler compares them: {@link #value} and {@link #milliValue} round up, as
 * apimachinery's {@code Quantity.Value()} and {@code MilliValue()} do. Stateless and thread-safe.
 */
public final class Quantities {

  private Quantities() {}

  /** The quantity in whole units, rounded up; 0 for null. */
  public static long value(Quantity q) {
    return q == null ? 0 : value(text(q));
  }

  /** The quantity in thousandths of a unit, rounded up; 0 for null. */
  public static long milliValue(Quantity q) {
    return q == null ? 0 : milliValue(text(q));
  }

  /** {@code text} ("500Mi", "0.5") in whole units, rounded up. */
  public static long value(String text) {
    return scaled(text, 0);
  }

  /** {@code text} ("100m", "2") in thousandths, rounded up. */
  public static long milliValue(String text) {
    return scaled(text, 3);
  }

  private static String text(Quantity q) {
    String amount = q.getAmount() == null ? "" : q.getAmount();
    String format = q.getFormat() == null ? "" : q.getFormat();
    return amount + format;
  }

  private static long scaled(String text, int decimals) {
    String s = text.trim();
    if (s.isEmpty()) {
      return 0;
    }
    int end = s.length();
    // Trailing letters are the suffix; an exponent (1e3) ends in digits and stays in the number.
    while (end > 0 && Character.isLetter(s.charAt(end - 1))) {
      end--;
    }
    String number = s.substring(0, end);
    String suffix = s.substring(end);
    BigDecimal amount;
    try {
      amount = new BigDecimal(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': " + text);
    }
    BigDecimal multiplier = switch (suffix) {
      case "" -> BigDecimal.ONE;
      case "n" -> BigDecimal.ONE.movePointLeft(9);
      case "u" -> BigDecimal.ONE.movePointLeft(6);
      case "m" -> BigDecimal.ONE.movePointLeft(3);
      case "k" -> BigDecimal.ONE.movePointRight(3);
      case "M" -> BigDecimal.ONE.movePointRight(6);
      case "G" -> BigDecimal.ONE.movePointRight(9);
      case "T" -> BigDecimal.ONE.movePointRight(12);
      case "P" -> BigDecimal.ONE.movePointRight(15);
      case "E" -> BigDecimal.ONE.movePointRight(18);
      case "Ki" -> BigDecimal.valueOf(1L << 10);
      case "Mi" -> BigDecimal.valueOf(1L << 20);
      case "Gi" -> BigDecimal.valueOf(1L << 30);
      case "Ti" -> BigDecimal.valueOf(1L << 40);
      case "Pi" -> BigDecimal.valueOf(1L << 50);
      case "Ei" -> BigDecimal.valueOf(1L << 60);
      default -> throw new IllegalArgumentException("unknown quantity suffix '" + suffix + "' in " + text);
    };
    BigDecimal result = amount.multiply(multiplier).movePointRight(decimals).setScale(0, RoundingMode.CEILING);
    try {
      return result.longValueExact();
    } catch (ArithmeticException e) {
      return result.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }
}
