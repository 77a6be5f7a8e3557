package dev.ketch.scheduler.framework;

/**
 * A kind of change in the cluster that may make waiting pods schedulable: a resource and a set of
 * action bits. Plugins register the events that can undo their rejections; the queue moves a pod
 * out of the unschedulable pool only on such an event.
 *
 * @param resource what changed
 * @param actions bits of {@link #ADD}, {@link #DELETE} and the update kinds
 */
public record ClusterEvent(Resource resource, int actions) {

  /** What a cluster event concerns. */
  public enum Resource {
    /** An unscheduled pod (the pod itself, for example its tolerations). */
    POD,
    /** A pod bound (or assumed) to a node. */
    ASSIGNED_POD,
    NODE,
    PERSISTENT_VOLUME_CLAIM,
    PERSISTENT_VOLUME,
    STORAGE_CLASS,
    NAMESPACE,
    /** Matches every resource (registrations only). */
    WILDCARD
  }

  public static final int ADD = 1;
  public static final int DELETE = 1 << 1;
  public static final int UPDATE_NODE_ALLOCATABLE = 1 << 2;
  public static final int UPDATE_NODE_LABEL = 1 << 3;
  public static final int UPDATE_NODE_TAINT = 1 << 4;
  public static final int UPDATE_NODE_CONDITION = 1 << 5;
  public static final int UPDATE_POD_LABEL = 1 << 6;
  public static final int UPDATE_POD_SCALE_DOWN = 1 << 7;
  public static final int UPDATE_POD_TOLERATION = 1 << 8;
  /** Any other update (a PVC, PV or StorageClass changed). */
  public static final int UPDATE_OTHER = 1 << 9;
  public static final int UPDATE = UPDATE_NODE_ALLOCATABLE | UPDATE_NODE_LABEL | UPDATE_NODE_TAINT | UPDATE_NODE_CONDITION
      | UPDATE_POD_LABEL | UPDATE_POD_SCALE_DOWN | UPDATE_POD_TOLERATION | UPDATE_OTHER;
  public static final int ALL = ADD | DELETE | UPDATE;

  public static final ClusterEvent NODE_ADD = new ClusterEvent(Resource.NODE, ADD);
  public static final ClusterEvent ASSIGNED_POD_ADD = new ClusterEvent(Resource.ASSIGNED_POD, ADD);
  public static final ClusterEvent ASSIGNED_POD_DELETE = new ClusterEvent(Resource.ASSIGNED_POD, DELETE);
  public static final ClusterEvent ANY = new ClusterEvent(Resource.WILDCARD, ALL);

  /** Whether an incoming event is one this registration asks for. */
  public boolean matches(ClusterEvent incoming) {
    return (resource == Resource.WILDCARD || resource == incoming.resource) && (actions & incoming.actions) != 0;
  }

  @Override
  public String toString() {
    return resource + "/" + Integer.toBinaryString(actions);
  }
}
