package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Namespaces (pkg/registry/core/namespace): names are DNS labels; the label {@code
 * kubernetes.io/metadata.name}; on create the finalizer {@code kubernetes} and phase Active;
 * updates keep spec.finalizers and status (the finalize subresource changes finalizers); status
 * updates keep the spec, and the phase must agree with the deletion timestamp.
 */
public final class NamespaceStrategy extends ObjectStrategy<Namespace> {

  public static final String NAME_LABEL = "kubernetes.io/metadata.name";
  public static final String FINALIZER = "kubernetes";

  public NamespaceStrategy() {
    super(Namespace.class);
  }

  @Override
  public List<String> validateName(String name) {
    return Names.dns1123Label(name);
  }

  @Override
  protected void defaults(Namespace ns) {
    String name = ns.getMetadata().getName();
    if (name != null && !name.isEmpty()) {
      var labels = ns.getMetadata().getLabels() == null ? new LinkedHashMap<String, String>() : new LinkedHashMap<>(ns.getMetadata().getLabels());
      labels.put(NAME_LABEL, name);
      ns.getMetadata().setLabels(labels);
    }
    if (ns.getStatus() == null) {
      ns.setStatus(new NamespaceStatus());
    }
    if (Lists.isEmpty(ns.getStatus().getPhase())) {
      ns.getStatus().setPhase("Active");
    }
  }

  @Override
  protected void resetOnCreate(Namespace ns) {
    NamespaceStatus status = new NamespaceStatus();
    status.setPhase("Active");
    ns.setStatus(status);
    if (ns.getSpec() == null) {
      ns.setSpec(new NamespaceSpec());
    }
    List<String> finalizers = new ArrayList<>(Lists.of(ns.getSpec().getFinalizers()));
    if (!finalizers.contains(FINALIZER)) {
      finalizers.add(FINALIZER);
    }
    ns.getSpec().setFinalizers(finalizers);
  }

  @Override
  protected void keepOnUpdate(Namespace ns, Namespace old) {
    if (ns.getSpec() == null) {
      ns.setSpec(new NamespaceSpec());
    }
    ns.getSpec().setFinalizers(old.getSpec() == null ? null : Parts.deepCopy(old.getSpec().getFinalizers()));
    Parts.keep(ns, old, "status");
  }

  @Override
  protected void check(Namespace ns, FieldErrors errs) {
    List<String> finalizers = ns.getSpec() == null ? List.of() : Lists.of(ns.getSpec().getFinalizers());
    for (String f : finalizers) {
      FieldPath path = FieldPath.root("spec").child("finalizers");
      errs.invalidEach(path, f, Names.qualifiedName(f));
      if (!f.contains("/") && !f.equals(FINALIZER)) {
        errs.invalid(path, f, "name is neither a standard finalizer name nor is it fully qualified");
      }
    }
  }

  @Override
  protected void checkStatusUpdate(Namespace ns, Namespace old, FieldErrors errs) {
    String phase = ns.getStatus() == null ? "" : Lists.orEmpty(ns.getStatus().getPhase());
    FieldPath path = FieldPath.root("status").child("Phase");
    if (ns.getMetadata().getDeletionTimestamp() == null) {
      if (!phase.equals("Active")) {
        errs.invalid(path, phase, "may only be 'Active' if `deletionTimestamp` is empty");
      }
    } else if (!phase.equals("Terminating")) {
      errs.invalid(path, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty");
    }
  }
}
