package dev.ketch.examples.lb;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives Services of type LoadBalancer in one namespace an address from a pool, as a bare-metal load-balancer
 * controller does: an informer on Services feeds a queue of keys, one worker reconciles them with
 * {@link ServiceReconciler}. Failed keys are retried after a short pause.
 */
public final class LoadBalancerOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LoadBalancerOperator.class);

  private final KubernetesClient client;
  private final String namespace;
  private final AddressPool pool;
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private SharedIndexInformer<Service> informer;
  private Thread worker;
  private volatile boolean stopped;

  /** An operator for the Services of {@code namespace}, with addresses from {@code pool}. */
  public LoadBalancerOperator(KubernetesClient client, String namespace, AddressPool pool) {
    this.client = client;
    this.namespace = namespace;
    this.pool = pool;
  }

  /** Starts watching Services; returns once the informer has listed them. */
  public LoadBalancerOperator start() {
    informer = client.services().inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Service service) {
        queue.add(Cache.metaNamespaceKeyFunc(service));
      }

      @Override
      public void onUpdate(Service old, Service service) {
        queue.add(Cache.metaNamespaceKeyFunc(service));
      }

      @Override
      public void onDelete(Service service, boolean finalStateUnknown) {
        queue.add(Cache.metaNamespaceKeyFunc(service));
      }
    });
    ServiceReconciler reconciler = new ServiceReconciler(client, pool);
    // Addresses already given out before a restart stay with their Services.
    informer.getStore().list().forEach(reconciler::adopt);
    worker = Thread.ofPlatform().name("lb-operator").start(() -> work(reconciler));
    return this;
  }

  private void work(ServiceReconciler reconciler) {
    while (!stopped) {
      String key;
      try {
        key = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) {
        continue;
      }
      try {
        reconciler.reconcile(key, informer.getStore().getByKey(key));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          // Written from an older copy than the server's: try again from the informer's newer one.
          log.atInfo().addKeyValue("service", key).log("conflict; retrying");
        } else {
          log.atWarn().addKeyValue("service", key).addKeyValue("error", e.toString()).log("reconcile failed; retrying");
        }
        retryLater(key);
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("service", key).addKeyValue("error", e.toString()).log("reconcile failed; retrying");
        retryLater(key);
      }
    }
  }

  private void retryLater(String key) {
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(200);
        queue.add(key);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    if (worker != null) {
      worker.join();
    }
    if (informer != null) {
      informer.close();
    }
  }
}
