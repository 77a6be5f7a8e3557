package dev.ketch.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kube-system/kube-dns} Service pods find the cluster DNS at: the well-known cluster IP
 * (10.43.0.10 by default) on port 53 over UDP and TCP, without a selector, and an EndpointSlice
 * pointing at the address and port the DNS server listens on. The service proxy then routes the
 * cluster IP to it like any other Service (docs/decisions/cluster-dns-reachability.md).
 */
public final class KubeDnsService {

  private static final Logger log = LoggerFactory.getLogger(KubeDnsService.class);
  static final String NAMESPACE = "kube-system";
  static final String NAME = "kube-dns";
  static final String SLICE_NAME = "kube-dns-ketch";
  static final String MANAGED_BY = "ketch-server";

  private KubeDnsService() {}

  /** Creates or updates the Service and its EndpointSlice. */
  public static void ensure(KubernetesClient client, String clusterIp, String dnsAddress, int dnsPort) {
    Service svc = new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(NAME)
        .addToLabels("k8s-app", "kube-dns").addToLabels("kubernetes.io/name", "CoreDNS")
        .addToLabels("kubernetes.io/cluster-service", "true").endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).withClusterIPs(clusterIp)
        .addNewPort().withName("dns").withProtocol("UDP").withPort(53).withNewTargetPort(dnsPort).endPort()
        .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(53).withNewTargetPort(dnsPort).endPort()
        .endSpec().build();
    Service existing = client.services().inNamespace(NAMESPACE).withName(NAME).get();
    if (existing == null) {
      client.services().inNamespace(NAMESPACE).resource(svc).create();
      log.atInfo().addKeyValue("service", NAMESPACE + "/" + NAME).addKeyValue("clusterIP", clusterIp).log("created the cluster DNS Service");
    } else if (!clusterIp.equals(existing.getSpec().getClusterIP())) {
      throw new IllegalStateException("Service " + NAMESPACE + "/" + NAME + " has cluster IP " + existing.getSpec().getClusterIP()
          + ", not " + clusterIp + "; delete it or set the cluster DNS address to match");
    }
    EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(SLICE_NAME)
        .addToLabels("kubernetes.io/service-name", NAME)
        .addToLabels("endpointslice.kubernetes.io/managed-by", MANAGED_BY).endMetadata()
        .withAddressType(dnsAddress.contains(":") ? "IPv6" : "IPv4")
        .addNewEndpoint().withAddresses(dnsAddress).withNewConditions().withReady(true).withServing(true)
        .withTerminating(false).endConditions().endEndpoint()
        .addNewPort().withName("dns").withProtocol("UDP").withPort(dnsPort).endPort()
        .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(dnsPort).endPort()
        .build();
    try {
      client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice).serverSideApply();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("cannot write the cluster DNS EndpointSlice: " + e.getMessage(), e);
    }
  }
}
