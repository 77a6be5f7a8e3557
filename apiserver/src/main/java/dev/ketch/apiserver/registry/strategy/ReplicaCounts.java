package dev.ketch.apiserver.registry.strategy;

/** The status counters of ReplicaSets and ReplicationControllers (ValidateReplicaSetStatus). */
final class ReplicaCounts {

  private ReplicaCounts() {}

  static void check(Integer replicas, Integer fullyLabeled, Integer ready, Integer available, Long observedGeneration,
      FieldErrors errs) {
    FieldPath status = FieldPath.root("status");
    int r = n(replicas);
    WorkloadValidation.nonNegative(replicas, status.child("replicas"), errs);
    WorkloadValidation.nonNegative(fullyLabeled, status.child("fullyLabeledReplicas"), errs);
    WorkloadValidation.nonNegative(ready, status.child("readyReplicas"), errs);
    WorkloadValidation.nonNegative(available, status.child("availableReplicas"), errs);
    WorkloadValidation.nonNegative(observedGeneration, status.child("observedGeneration"), errs);
    String msg = "cannot be greater than status.replicas";
    if (n(fullyLabeled) > r) {
      errs.invalid(status.child("fullyLabeledReplicas"), (long) n(fullyLabeled), msg);
    }
    if (n(ready) > r) {
      errs.invalid(status.child("readyReplicas"), (long) n(ready), msg);
    }
    if (n(available) > r) {
      errs.invalid(status.child("availableReplicas"), (long) n(available), msg);
    }
    if (n(available) > n(ready)) {
      errs.invalid(status.child("availableReplicas"), (long) n(available), "cannot be greater than readyReplicas");
    }
  }

  private static int n(Integer i) {
    return i == null ? 0 : i;
  }
}
