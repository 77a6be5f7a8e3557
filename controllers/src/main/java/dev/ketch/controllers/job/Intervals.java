package dev.ketch.controllers.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of completion indexes written as upstream writes {@code status.completedIndexes}: ordered
 * intervals, {@code "1,3-5,7"}. Immutable.
 */
record Intervals(List<int[]> ranges) {

  static final Intervals EMPTY = new Intervals(List.of());

  /** Parses {@code text}, keeping only indexes below {@code completions}; malformed parts are skipped. */
  static Intervals parse(String text, int completions) {
    TreeSet<Integer> set = new TreeSet<>();
    if (text != null && !text.isEmpty()) {
      for (String part : text.split(",")) {
        try {
          int dash = part.indexOf('-');
          int first = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
          int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1));
          for (int i = first; i <= last && i < completions; i++) {
            set.add(i);
          }
        } catch (NumberFormatException e) {
          // Upstream logs and skips a malformed interval.
        }
      }
    }
    return of(set);
  }

  static Intervals of(Collection<Integer> indexes) {
    List<int[]> ranges = new ArrayList<>();
    for (int i : new TreeSet<>(indexes)) {
      if (!ranges.isEmpty() && ranges.getLast()[1] == i - 1) {
        ranges.getLast()[1] = i;
      } else {
        ranges.add(new int[] {i, i});
      }
    }
    return new Intervals(ranges);
  }

  boolean has(int index) {
    for (int[] r : ranges) {
      if (index >= r[0] && index <= r[1]) {
        return true;
      }
    }
    return false;
  }

  int total() {
    int sum = 0;
    for (int[] r : ranges) {
      sum += r[1] - r[0] + 1;
    }
    return sum;
  }

  TreeSet<Integer> indexes() {
    TreeSet<Integer> set = new TreeSet<>();
    for (int[] r : ranges) {
      for (int i = r[0]; i <= r[1]; i++) {
        set.add(i);
      }
    }
    return set;
  }

  Intervals with(Collection<Integer> more) {
    TreeSet<Integer> set = indexes();
    set.addAll(more);
    return of(set);
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (int[] r : ranges) {
      parts.add(r[0] == r[1] ? Integer.toString(r[0]) : r[0] + "-" + r[1]);
    }
    return String.join(",", parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Intervals other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
