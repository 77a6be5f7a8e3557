package dev.ketch.kubelet.runtime;

/**
 * The labels and annotations the kubelet writes on sandboxes and containers, with upstream's
 * names, so that a restarted kubelet (or another one reading the same runtime, like crictl) finds
 * which pod and container each belongs to. Labels identify (and are filtered on); annotations
 * carry what the kubelet needs to resume: the restart count, the grace period, the spec hash.
 */
public final class CriLabels {

  private CriLabels() {}

  /** Label: the pod's name, on sandboxes and containers. */
  public static final String POD_NAME = "io.kubernetes.pod.name";
  /** Label: the pod's namespace, on sandboxes and containers. */
  public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
  /** Label: the pod's uid, on sandboxes and containers; the key everything is matched on. */
  public static final String POD_UID = "io.kubernetes.pod.uid";
  /** Label: the container's name in the pod spec. */
  public static final String CONTAINER_NAME = "io.kubernetes.container.name";
  /**
   * Label: the node the pod is bound to. Machines share one containerd between several clusters'
   * agents (tests, a second server); each agent lists, adopts and removes only its own node's pods.
   */
  public static final String NODE_NAME = "dev.ketch.node";
  /** Label: "true" on every sandbox and container the kubelet created. */
  public static final String MANAGED = "io.kubernetes.managed";

  /** Annotation: how many times the kubelet restarted this container before this instance. */
  public static final String RESTART_COUNT = "io.kubernetes.container.restartCount";
  /** Annotation: a hash of the container's spec, to tell when the spec changed. */
  public static final String CONTAINER_HASH = "io.kubernetes.container.hash";
  /** Annotation: the pod's terminationGracePeriodSeconds when the container was created. */
  public static final String TERMINATION_GRACE_PERIOD = "io.kubernetes.pod.terminationGracePeriod";
  /** Annotation: where the container writes its termination message. */
  public static final String TERMINATION_MESSAGE_PATH = "io.kubernetes.container.terminationMessagePath";
  /** Annotation: whether the container is an init container ("true") or not. */
  public static final String INIT_CONTAINER = "io.kubernetes.container.init";
}
