package dev.ketch.controllers.endpoint;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Informer handlers shared by the Endpoints and EndpointSlice controllers: a Service event queues
 * the Service; a pod event queues every Service that selects the pod (before or after the
 * change), unless nothing endpoints show changed. Thread-safe.
 */
public final class ServiceEventHandlers {

  private final ObjectCache<Service> services;
  private final WorkQueue<ObjectKey> queue;
  private final Duration podBatchPeriod;

  /**
   * @param podBatchPeriod how long a pod change waits to be handled with the changes that follow
   *     it (upstream's {@code --endpoint-updates-batch-period}); zero for at once
   */
  public ServiceEventHandlers(ObjectCache<Service> services, WorkQueue<ObjectKey> queue, Duration podBatchPeriod) {
    this.services = services;
    this.queue = queue;
    this.podBatchPeriod = podBatchPeriod;
  }

  public ResourceEventHandler<Service> forServices() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Service svc) {
        queue.add(ObjectKey.of(svc));
      }

      @Override
      public void onUpdate(Service old, Service svc) {
        queue.add(ObjectKey.of(svc));
      }

      @Override
      public void onDelete(Service svc, boolean deletedFinalStateUnknown) {
        queue.add(ObjectKey.of(svc));
      }
    };
  }

  public ResourceEventHandler<Pod> forPods() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        enqueueServicesOf(pod, null);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion()) || !endpointsChanged(old, pod)) {
          return;
        }
        enqueueServicesOf(pod, old);
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        enqueueServicesOf(pod, null);
      }
    };
  }

  void enqueueServicesOf(Pod pod, Pod old) {
    Set<ObjectKey> keys = new LinkedHashSet<>();
    ServicePods.servicesOf(pod, services).forEach(s -> keys.add(ObjectKey.of(s)));
    if (old != null && !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())) {
      ServicePods.servicesOf(old, services).forEach(s -> keys.add(ObjectKey.of(s)));
    }
    keys.forEach(k -> queue.addAfter(k, podBatchPeriod));
  }

  /** True if a pod change can change what endpoints show of it. */
  static boolean endpointsChanged(Pod old, Pod pod) {
    if (!Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
        || !Objects.equals(old.getMetadata().getDeletionTimestamp(), pod.getMetadata().getDeletionTimestamp())
        || Pods.isReady(old) != Pods.isReady(pod)
        || !Objects.equals(Pods.phase(old), Pods.phase(pod))
        || !Objects.equals(Pods.nodeName(old), Pods.nodeName(pod))) {
      return true;
    }
    var os = old.getStatus();
    var ns = pod.getStatus();
    if (!Objects.equals(os == null ? null : os.getPodIP(), ns == null ? null : ns.getPodIP())
        || !Objects.equals(os == null ? null : os.getPodIPs(), ns == null ? null : ns.getPodIPs())) {
      return true;
    }
    return !Objects.equals(old.getSpec().getHostname(), pod.getSpec().getHostname())
        || !Objects.equals(old.getSpec().getSubdomain(), pod.getSpec().getSubdomain())
        || !Objects.equals(old.getSpec().getContainers(), pod.getSpec().getContainers());
  }
}
