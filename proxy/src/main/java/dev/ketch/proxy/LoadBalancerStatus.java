package dev.ketch.proxy;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives LoadBalancer Services this node's address as their ingress, as k3s' service load
 * balancer does: the node ports already listen on it, so clients of the "load balancer" reach
 * the Service through any node. Each node adds its own address; none is removed.
 */
final class LoadBalancerStatus {

  private static final Logger log = LoggerFactory.getLogger(LoadBalancerStatus.class);

  private final KubernetesClient client;
  private final String nodeIp;

  LoadBalancerStatus(KubernetesClient client, String nodeIp) {
    this.client = client;
    this.nodeIp = nodeIp;
  }

  static boolean needsIngress(Service s, String ip) {
    if (s.getSpec() == null || !"LoadBalancer".equals(s.getSpec().getType())) {
      return false;
    }
    var lb = s.getStatus() == null ? null : s.getStatus().getLoadBalancer();
    List<LoadBalancerIngress> ingress = lb == null || lb.getIngress() == null ? List.of() : lb.getIngress();
    return ingress.stream().noneMatch(i -> ip.equals(i.getIp()));
  }

  void update(Iterable<Service> services) {
    for (Service s : services) {
      if (!needsIngress(s, nodeIp)) {
        continue;
      }
      try {
        client.services().inNamespace(s.getMetadata().getNamespace()).withName(s.getMetadata().getName())
            .editStatus(current -> needsIngress(current, nodeIp)
                ? new ServiceBuilder(current).editOrNewStatus().editOrNewLoadBalancer()
                    .addNewIngress().withIp(nodeIp).withIpMode("VIP").endIngress().endLoadBalancer().endStatus().build()
                : current);
        log.atInfo().addKeyValue("service", s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
            .addKeyValue("ip", nodeIp).log("load balancer ingress set to the node address");
      } catch (KubernetesClientException e) {
        log.atWarn().addKeyValue("service", s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
            .addKeyValue("error", e.getMessage()).log("cannot set the load balancer ingress");
      }
    }
  }
}
