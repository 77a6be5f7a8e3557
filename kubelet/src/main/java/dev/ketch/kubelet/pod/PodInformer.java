package dev.ketch.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pod informer for one node ({@code spec.nodeName=<node>}, as upstream's kubelet watches) or for
 * all bound pods ({@code spec.nodeName!=}) shared by many simulated nodes, dispatching each event
 * to the kubelet of the pod's node. A pod is never moved between nodes (nodeName is set once), so
 * dispatch by the pod's current nodeName is exact.
 *
 * <p>Thread-safe. Threads: fabric8's informer threads, on the client's executor.
 */
public final class PodInformer implements PodSource, AutoCloseable {

  private final SharedIndexInformer<Pod> informer;
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

  private PodInformer(SharedIndexInformer<Pod> informer) {
    this.informer = informer;
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        Handler h = handler(pod);
        if (h != null) {
          h.added(pod);
        }
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        Handler h = handler(pod);
        if (h != null) {
          h.updated(pod);
        }
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        Handler h = handler(pod);
        if (h != null) {
          h.deleted(pod);
        }
      }
    });
  }

  /** Pods bound to {@code nodeName} only; not started until {@link #start}. */
  public static PodInformer forNode(KubernetesClient client, String nodeName) {
    return new PodInformer(client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).runnableInformer(0));
  }

  /** Every bound pod; for many nodes in one process. */
  public static PodInformer forAllNodes(KubernetesClient client) {
    return new PodInformer(client.pods().inAnyNamespace().withoutField("spec.nodeName", "").runnableInformer(0));
  }

  public PodInformer start() {
    informer.start();
    return this;
  }

  private Handler handler(Pod pod) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    return node == null ? null : handlers.get(node);
  }

  @Override
  public void subscribe(String nodeName, Handler handler) {
    handlers.put(nodeName, handler);
    // Pods already in the cache (a node started after the informer) are delivered now.
    for (Pod pod : informer.getStore().list()) {
      if (pod.getSpec() != null && nodeName.equals(pod.getSpec().getNodeName())) {
        handler.added(pod);
      }
    }
  }

  @Override
  public void unsubscribe(String nodeName) {
    handlers.remove(nodeName);
  }

  @Override
  public boolean hasSynced() {
    return informer.hasSynced();
  }

  @Override
  public void close() {
    informer.stop();
  }
}
