package dev.ketch.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a Ketch cluster inside the test JVM for the annotated test class: the real API server,
 * scheduler and controllers over an embedded store, with simulated nodes (and, when asked for with
 * {@link #containerdNode()}, this machine as a node on containerd). Test methods, lifecycle
 * methods and constructors can take a fabric8 {@code KubernetesClient}, a {@link ClusterHandle},
 * and the admin kubeconfig as a {@code String} or {@code Path} parameter marked {@link Kubeconfig}.
 *
 * <pre>{@code
 * @KetchCluster(nodes = 3)
 * class MyOperatorTest {
 *   @Test void scalesUp(KubernetesClient client) { … }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KetchExtension.class)
public @interface KetchCluster {

  /** How many simulated nodes the cluster starts with; all are Ready before the first test. */
  int nodes() default 1;

  /**
   * Whether this machine also runs as a node of the cluster whose pods are real containers in
   * containerd (at {@code unix:///run/containerd/containerd.sock}), beside the simulated nodes.
   * The node is named {@code ketch-<cluster id>} ({@link ClusterHandle#containerdNodeName()}) and
   * labelled {@code node.ketch.dev/container-runtime=containerd}; pin pods to it with that
   * nodeSelector or with their nodeName. Images must be on the machine or pullable. Needs root and
   * a running containerd (bin/setup): without them the cluster does not start and the tests fail.
   * When the cluster stops, its pods' sandboxes and containers are removed from containerd.
   */
  boolean containerdNode() default false;

  /** Whether the test class shares one cluster, or every test method gets a new one. */
  Lifecycle lifecycle() default Lifecycle.PER_CLASS;

  /** Where the cluster keeps its state. */
  Store store() default Store.MEMORY;

  /**
   * How pods on the simulated nodes behave unless their own annotations say otherwise, as {@code
   * name=value} pairs of the {@link PodBehaviour} annotations without their prefix, e.g. {@code
   * "exit-code=1"} or {@code "never-ready=true"}. Empty: pods run and are ready.
   */
  String[] podBehaviour() default {};

  /** One cluster per test class, or per test method. */
  enum Lifecycle {
    PER_CLASS,
    PER_METHOD
  }

  /** Where the cluster's store keeps its data. */
  enum Store {
    /** In memory. */
    MEMORY,
    /** RocksDB in the cluster's temporary directory, deleted with the cluster. */
    DISK
  }
}
