package dev.ketch.scheduler.config;

/**
 * The extension points a profile enables plugins at, with their names in
 * KubeSchedulerConfiguration's {@code plugins} section. Normalize is part of Score: a score plugin
 * that normalizes does so wherever it scores.
 */
public enum ExtensionPoint {
  QUEUE_SORT("queueSort"),
  PRE_FILTER("preFilter"),
  FILTER("filter"),
  POST_FILTER("postFilter"),
  PRE_SCORE("preScore"),
  SCORE("score"),
  RESERVE("reserve"),
  PERMIT("permit"),
  BIND("bind");

  private final String field;

  ExtensionPoint(String field) {
    this.field = field;
  }

  /** The field name in the configuration file. */
  public String field() {
    return field;
  }
}
