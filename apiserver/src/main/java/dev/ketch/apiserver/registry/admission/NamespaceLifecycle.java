package dev.ketch.apiserver.registry.admission;

import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.registry.AdmissionPlugin;
import dev.ketch.apiserver.registry.AdmissionRequest;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Set;

/**
 * The NamespaceLifecycle plugin: nothing is created in a namespace that does not exist (404
 * {@code namespaces "x" not found}) or is being terminated (403 {@code unable to create new content
 * in namespace x because it is being terminated}, with a NamespaceTerminating cause), and the
 * immortal namespaces cannot be deleted (403 {@code this namespace may not be deleted}). Upstream's
 * immortal set is default, kube-system and kube-public; kube-node-lease may be deleted.
 *
 * <p>{@link #check} reads the namespace through the request's lookup (the watch cache); the
 * plugin itself only runs it for deletions (see {@link #validate}). Thread-safe.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {

  public static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

  private final Set<String> immortal;

  public NamespaceLifecycle() {
    this(IMMORTAL);
  }

  public NamespaceLifecycle(Set<String> immortal) {
    this.immortal = Set.copyOf(immortal);
  }

  @Override
  public String name() {
    return "NamespaceLifecycle";
  }

  /**
   * Creation in a missing or terminating namespace is refused by the registry itself, which falls
   * back to a live read when its cache has not seen a new namespace yet; this plugin guards
   * deletion of the immortal namespaces, in the validating phase that deletions run.
   */
  @Override
  public void validate(AdmissionRequest request) {
    if (request.operation() == AdmissionRequest.Operation.DELETE) {
      check(request);
    }
  }

  /**
   * The plugin's decision as a pure function of the request and what its lookup returns.
   *
   * @throws StatusException NotFound or Forbidden as kube-apiserver words them
   */
  public void check(AdmissionRequest r) {
    boolean namespaces = r.type().group().isEmpty() && r.type().plural().equals("namespaces");
    if (namespaces) {
      if (r.operation() == AdmissionRequest.Operation.DELETE && immortal.contains(r.name())) {
        throw Admissions.forbidden(r, "this namespace may not be deleted");
      }
      return;
    }
    if (r.namespace() == null || r.namespace().isEmpty() || r.operation() != AdmissionRequest.Operation.CREATE) {
      return;
    }
    if (r.type().group().equals("authorization.k8s.io")) {
      return;
    }
    var type = r.lookup().type("", "namespaces");
    Namespace ns = r.lookup().get(type, "", r.namespace(), Namespace.class).orElse(null);
    if (ns == null) {
      throw StatusException.notFound(type, r.namespace());
    }
    boolean terminating = ns.getMetadata().getDeletionTimestamp() != null
        || (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()));
    if (terminating) {
      throw Admissions.forbidden(r, "unable to create new content in namespace " + r.namespace() + " because it is being terminated",
          List.of(new Cause("NamespaceTerminating", "namespace " + r.namespace() + " is being terminated", "metadata.namespace")));
    }
  }
}
