package dev.ketch.apiserver.selection;

import java.util.Objects;

/**
 * The label and field selectors of one list, watch or deletecollection request, both required to
 * match (upstream's {@code SelectionPredicate}). Immutable and thread-safe.
 *
 * @param labels the label selector
 * @param fields the field selector, its labels already converted for the resource
 */
public record Selection(LabelSelector labels, FieldSelector fields) {

  private static final Selection EVERYTHING = new Selection(LabelSelector.everything(), FieldSelector.everything());

  public Selection {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(fields, "fields");
  }

  /** The selection of every object. */
  public static Selection everything() {
    return EVERYTHING;
  }

  /**
   * The selection a request's {@code labelSelector} and {@code fieldSelector} parameters ask for;
   * null or empty parameters select everything.
   *
   * @throws dev.ketch.apiserver.errors.StatusException 400 BadRequest when either does not parse or
   *     names a field the resource does not support
   */
  public static Selection parse(String labelSelector, String fieldSelector, SelectableFields resourceFields) {
    return new Selection(LabelSelector.parse(labelSelector), resourceFields.parse(fieldSelector));
  }

  /** Whether an object with these attributes is selected. */
  public boolean matches(ObjectAttributes attributes) {
    return labels.matches(attributes.labels()) && fields.matches(attributes.fields());
  }

  /** Whether every object is selected, so that no attributes need reading. */
  public boolean isEverything() {
    return labels.isEverything() && fields.isEverything();
  }
}
