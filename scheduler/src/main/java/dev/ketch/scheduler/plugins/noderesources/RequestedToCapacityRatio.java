package dev.ketch.scheduler.plugins.noderesources;

import java.util.List;

/**
 * Scores utilization (requested × 100 / allocatable) through a piecewise-linear shape given as
 * points of utilization (0–100) and score (0–10, scaled to 0–100): below the first point its score,
 * above the last point its score, linear in between.
 */
public record RequestedToCapacityRatio(List<ResourceSpec> resources, List<Point> shape) implements ScoringStrategy {

  /** Upstream's default shape: free nodes score 10, full ones 0. */
  public static final List<Point> DEFAULT_SHAPE = List.of(new Point(0, 10), new Point(100, 0));

  /**
   * One point of the shape.
   *
   * @param utilization 0–100, strictly increasing along the shape
   * @param score 0–10
   */
  public record Point(int utilization, int score) {}

  public RequestedToCapacityRatio {
    resources = List.copyOf(resources);
    shape = List.copyOf(shape);
  }

  @Override
  public long resourceScore(long requested, long allocatable) {
    if (allocatable == 0 || requested > allocatable) {
      return shapeAt(100);
    }
    return shapeAt(requested * 100 / allocatable);
  }

  /** The shape's score at {@code utilization}, scaled to 0–100. */
  long shapeAt(long utilization) {
    Point first = shape.getFirst();
    if (utilization <= first.utilization()) {
      return first.score() * 10L;
    }
    for (int i = 1; i < shape.size(); i++) {
      Point p = shape.get(i);
      if (utilization <= p.utilization()) {
        Point prev = shape.get(i - 1);
        long s0 = prev.score() * 10L;
        long s1 = p.score() * 10L;
        return s0 + (s1 - s0) * (utilization - prev.utilization()) / (p.utilization() - prev.utilization());
      }
    }
    return shape.getLast().score() * 10L;
  }

  @Override
  public long roundedAverage(long sum, long weights) {
    return Math.round((double) sum / weights);
  }
}
