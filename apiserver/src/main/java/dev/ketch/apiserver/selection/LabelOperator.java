package dev.ketch.apiserver.selection;

/**
 * The operators of a label selector requirement, as Kubernetes' {@code selection.Operator}. The
 * wire name is how upstream names the operator in error messages.
 */
public enum LabelOperator {
  /** {@code k in (a,b)}: the label exists and has one of the values. */
  IN("in"),
  /** {@code k notin (a,b)}: the label is absent or has none of the values. */
  NOT_IN("notin"),
  /** {@code k=v}. */
  EQUALS("="),
  /** {@code k==v}, the same as {@code k=v}. */
  DOUBLE_EQUALS("=="),
  /** {@code k!=v}: the label is absent or has another value. */
  NOT_EQUALS("!="),
  /** {@code k}: the label exists. */
  EXISTS("exists"),
  /** {@code !k}: the label does not exist. */
  DOES_NOT_EXIST("!"),
  /** {@code k>n}: the label's value is an integer greater than n. */
  GREATER_THAN("gt"),
  /** {@code k<n}: the label's value is an integer less than n. */
  LESS_THAN("lt");

  private final String wire;

  LabelOperator(String wire) {
    this.wire = wire;
  }

  /** The operator's name as upstream spells it, e.g. {@code notin} or {@code gt}. */
  public String wire() {
    return wire;
  }
}
