package dev.ketch.apiserver.registry;

/**
 * Options of a delete, as Kubernetes' DeleteOptions.
 *
 * @param gracePeriodSeconds seconds before the object is deleted (pods); null for the object's own
 * @param propagationPolicy Orphan, Background or Foreground; null for the resource's default
 * @param preconditionUid delete only if the object has this uid; null for any
 * @param preconditionResourceVersion delete only if the object is at this resourceVersion; null
 *     for any
 * @param dryRun decide everything but change nothing
 */
public record DeleteOptions(
    Long gracePeriodSeconds,
    String propagationPolicy,
    String preconditionUid,
    String preconditionResourceVersion,
    boolean dryRun) {

  public static DeleteOptions defaults() {
    return new DeleteOptions(null, null, null, null, false);
  }

  public DeleteOptions withGracePeriod(Long seconds) {
    return new DeleteOptions(seconds, propagationPolicy, preconditionUid, preconditionResourceVersion, dryRun);
  }

  public DeleteOptions withPropagation(String policy) {
    return new DeleteOptions(gracePeriodSeconds, policy, preconditionUid, preconditionResourceVersion, dryRun);
  }
}
