package dev.ketch.apiserver.fieldmanager.fieldpath;

import java.util.ArrayList;
import java.util.List;

/**
 * A path from the root of an object to one of its fields or elements, printed as upstream prints
 * it in conflict messages: {@code .spec.template.spec.containers[name="nginx"].image}.
 *
 * @param elements the steps, from the root
 */
public record FieldPath(List<PathElement> elements) {

  public FieldPath {
    elements = List.copyOf(elements);
  }

  public static FieldPath of(PathElement... elements) {
    return new FieldPath(List.of(elements));
  }

  /** A path of field names only: {@code FieldPath.fields("spec", "replicas")}. */
  public static FieldPath fields(String... names) {
    List<PathElement> out = new ArrayList<>(names.length);
    for (String n : names) {
      out.add(new PathElement.Field(n));
    }
    return new FieldPath(out);
  }

  /** This path one step longer. */
  public FieldPath child(PathElement element) {
    List<PathElement> out = new ArrayList<>(elements.size() + 1);
    out.addAll(elements);
    out.add(element);
    return new FieldPath(out);
  }

  public boolean isEmpty() {
    return elements.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    elements.forEach(sb::append);
    return sb.toString();
  }
}
