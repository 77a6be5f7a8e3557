package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;

/** ControllerRevisions: data is mandatory and, like the revision number, immutable. */
public final class ControllerRevisionStrategy extends ObjectStrategy<ControllerRevision> {

  public ControllerRevisionStrategy() {
    super(ControllerRevision.class);
  }

  @Override
  protected void check(ControllerRevision cr, FieldErrors errs) {
    if (cr.getData() == null) {
      errs.required(FieldPath.root("data"), "data is mandatory");
    }
    WorkloadValidation.nonNegative(cr.getRevision(), FieldPath.root("revision"), errs);
  }

  @Override
  protected void checkUpdate(ControllerRevision cr, ControllerRevision old, FieldErrors errs) {
    WorkloadValidation.immutable(cr.getData(), old.getData(), new GoFormat.Rendered("runtime.RawExtension{…}"),
        FieldPath.root("data"), errs);
  }
}
