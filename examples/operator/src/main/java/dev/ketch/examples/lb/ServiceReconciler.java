package dev.ketch.examples.lb;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one Service to its wanted state: a LoadBalancer Service carries {@link #FINALIZER}, has an
 * address from the pool in {@code status.loadBalancer.ingress}, and owns a ConfigMap {@code
 * lb-<name>} recording it (deleted by the garbage collector with the Service). When such a Service
 * is deleted, or stops being a LoadBalancer, its address goes back to the pool and the finalizer
 * is removed.
 */
final class ServiceReconciler {

  static final String FINALIZER = "lb.example.dev/release-address";
  static final String RECORD_PREFIX = "lb-";

  private static final Logger log = LoggerFactory.getLogger(ServiceReconciler.class);

  private final KubernetesClient client;
  private final AddressPool pool;

  ServiceReconciler(KubernetesClient client, AddressPool pool) {
    this.client = client;
    this.pool = pool;
  }

  /** Takes back into the pool the address a Service already shows. */
  void adopt(Service service) {
    currentAddress(service).ifPresent(ip -> pool.claim(key(service), ip));
  }

  void reconcile(String key, Service service) {
    if (service == null) {
      pool.release(key);
      return;
    }
    boolean wanted = "LoadBalancer".equals(service.getSpec().getType());
    boolean deleting = service.getMetadata().getDeletionTimestamp() != null;
    if (!wanted || deleting) {
      if (hasFinalizer(service)) {
        pool.release(key);
        removeFinalizer(service);
        log.atInfo().addKeyValue("service", key).log("address released");
      }
      return;
    }
    if (!hasFinalizer(service)) {
      service = client.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata().getName())
          .edit(s -> new ServiceBuilder(s).editMetadata().addToFinalizers(FINALIZER).endMetadata().build());
    }
    Optional<String> address = pool.allocate(key);
    if (address.isEmpty()) {
      log.atWarn().addKeyValue("service", key).log("address pool exhausted");
      return;
    }
    record(service, address.get());
    if (!currentAddress(service).equals(address)) {
      LoadBalancerIngress ingress = new LoadBalancerIngressBuilder().withIp(address.get()).build();
      Service withStatus = new ServiceBuilder(service).editOrNewStatus().editOrNewLoadBalancer()
          .withIngress(List.of(ingress)).endLoadBalancer().endStatus().build();
      client.services().inNamespace(service.getMetadata().getNamespace()).resource(withStatus).updateStatus();
      log.atInfo().addKeyValue("service", key).addKeyValue("ip", address.get()).log("address assigned");
    }
  }

  /** The ConfigMap owned by the Service that records its address. */
  private void record(Service service, String address) {
    String namespace = service.getMetadata().getNamespace();
    String name = RECORD_PREFIX + service.getMetadata().getName();
    ConfigMap existing = client.configMaps().inNamespace(namespace).withName(name).get();
    if (existing != null && address.equals(existing.getData().get("ip"))) {
      return;
    }
    ConfigMap wanted = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
            .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata().addToData("ip", address).build();
    client.configMaps().inNamespace(namespace).resource(wanted).serverSideApply();
  }

  private void removeFinalizer(Service service) {
    client.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata().getName())
        .edit(s -> new ServiceBuilder(s).editMetadata().removeFromFinalizers(FINALIZER).endMetadata().build());
  }

  private static boolean hasFinalizer(Service service) {
    List<String> finalizers = service.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(FINALIZER);
  }

  private static Optional<String> currentAddress(Service service) {
    if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return Optional.empty();
    }
    return service.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp)
        .filter(ip -> ip != null).findFirst();
  }

  private static String key(Service service) {
    return service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
  }
}
