package dev.ketch.controllers.objects;

/**
 * How an object is deleted: the DeleteOptions a controller sends.
 *
 * @param uid if not null, a precondition: delete only the object with this uid
 * @param gracePeriodSeconds if not null, the grace period (0 deletes a pod at once)
 * @param propagation if not null, {@code Background}, {@code Foreground} or {@code Orphan}
 */
public record Deletion(String uid, Long gracePeriodSeconds, String propagation) {

  /** The API's defaults. */
  public static Deletion plain() {
    return new Deletion(null, null, null);
  }

  /** Only the object with {@code uid}. */
  public static Deletion ofUid(String uid) {
    return new Deletion(uid, null, null);
  }

  public Deletion withGracePeriod(long seconds) {
    return new Deletion(uid, seconds, propagation);
  }

  public Deletion withPropagation(String policy) {
    return new Deletion(uid, gracePeriodSeconds, policy);
  }
}
