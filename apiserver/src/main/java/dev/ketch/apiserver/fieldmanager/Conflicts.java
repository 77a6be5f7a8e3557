package dev.ketch.apiserver.fieldmanager;

import dev.ketch.apiserver.fieldmanager.fieldpath.FieldPath;
import java.util.List;

/**
 * An apply would change fields other managers own. Carried from the merge to the field manager,
 * which turns it into the 409 the client sees.
 */
final class Conflicts extends RuntimeException {

  /** One field and the manager that owns it. */
  record Conflict(ManagerId manager, FieldPath path) {}

  private final List<Conflict> conflicts;

  Conflicts(List<Conflict> conflicts) {
    super(conflicts.size() + " conflict(s)", null, false, false);
    this.conflicts = List.copyOf(conflicts);
  }

  List<Conflict> conflicts() {
    return conflicts;
  }
}
