package dev.ketch.scheduler.framework;

/**
 * What a PostFilter plugin (preemption) did for a pod that fits nowhere.
 *
 * @param status success when it made room, else why not
 * @param nominatedNodeName the node the pod should wait for ("" to clear its nomination), or null
 *     to leave its nomination as it is
 */
public record PostFilterResult(Status status, String nominatedNodeName) {

  public static PostFilterResult of(Status status) {
    return new PostFilterResult(status, null);
  }
}
