package dev.ketch.apiserver.fieldmanager.structured;

import dev.ketch.apiserver.fieldmanager.fieldpath.FieldPath;
import dev.ketch.apiserver.fieldmanager.fieldpath.PathElement;
import java.util.List;

/**
 * A value that does not fit its schema: a field the type does not declare, an object where a list
 * belongs, a map-list element without its keys, two elements with the same key. The message reads
 * as structured-merge-diff's: {@code .spec.foo: field not declared in schema}.
 */
public final class ValueException extends RuntimeException {

  private final FieldPath path;
  private final String problem;

  ValueException(List<PathElement> path, String problem) {
    super(new FieldPath(path) + ": " + problem, null, false, false);
    this.path = new FieldPath(path);
    this.problem = problem;
  }

  /** Where the value is. */
  public FieldPath path() {
    return path;
  }

  /** What is wrong with it, without the path. */
  public String problem() {
    return problem;
  }
}
