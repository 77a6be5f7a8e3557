package dev.ketch.apiserver.registry.admission;

import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.registry.AdmissionRequest;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** What the plugins share: recognising pod writes and refusing as admission.NewForbidden does. */
final class Admissions {

  private Admissions() {}

  /** The pod of a create of the pods resource itself (not a subresource), or null. */
  static Pod podCreate(AdmissionRequest r) {
    if (r.operation() != AdmissionRequest.Operation.CREATE || !r.isMainResource() || !isPods(r)) {
      return null;
    }
    return r.object() instanceof Pod p ? p : null;
  }

  static boolean isPods(AdmissionRequest r) {
    return r.type().group().isEmpty() && r.type().plural().equals("pods");
  }

  /** {@code <resource> "<name>" is forbidden: <why>}, 403. */
  static StatusException forbidden(AdmissionRequest r, String why) {
    return forbidden(r, why, List.of());
  }

  static StatusException forbidden(AdmissionRequest r, String why, List<Cause> causes) {
    String resource = r.type().qualifiedName();
    String name = r.name() == null ? "" : r.name();
    String message = name.isEmpty() ? resource + " is forbidden: " + why : resource + " \"" + name + "\" is forbidden: " + why;
    return new StatusException(Reason.FORBIDDEN, message, r.type().group(), r.type().plural(), name, causes);
  }

  /** Go's aggregate error text: the message alone, or {@code [a, b]}. */
  static String aggregate(List<String> messages) {
    return messages.size() == 1 ? messages.get(0) : "[" + String.join(", ", messages) + "]";
  }
}
