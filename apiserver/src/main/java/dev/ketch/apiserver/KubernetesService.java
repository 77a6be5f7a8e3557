package dev.ketch.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.registry.Registries;
import dev.ketch.apiserver.registry.WriteOptions;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.pki.ServingNames;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code default/kubernetes} Service every cluster has, and its Endpoints pointing at this API
 * server, as kube-apiserver's endpoint reconciler keeps them: cluster IP the first of the service
 * range, port 443 (https) to the API server's port on its advertised address.
 */
final class KubernetesService {

  private static final Logger log = LoggerFactory.getLogger(KubernetesService.class);

  private KubernetesService() {}

  static void reconcile(Registries registries, String serviceCidr, String advertiseAddress, int port) {
    ResourceType services = registries.type("", "services");
    ResourceType endpoints = registries.type("", "endpoints");
    ObjectNode svc = Json.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Service");
    ObjectNode meta = svc.putObject("metadata").put("name", "kubernetes").put("namespace", "default");
    meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
    ObjectNode spec = svc.putObject("spec").put("type", "ClusterIP")
        .put("clusterIP", ServingNames.firstAddress(serviceCidr).getHostAddress()).put("sessionAffinity", "None");
    spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", port);
    createIfMissing(registries, services, svc);
    ObjectNode ep = Json.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Endpoints");
    ep.putObject("metadata").put("name", "kubernetes").put("namespace", "default")
        .putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
    ObjectNode subset = ep.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", advertiseAddress);
    subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
    try {
      registries.registry(endpoints).update("default", "kubernetes", ep.deepCopy(), WriteOptions.system(), "");
    } catch (StatusException e) {
      if (e.code() != 404) {
        throw e;
      }
      createIfMissing(registries, endpoints, ep);
    }
  }

  private static void createIfMissing(Registries registries, ResourceType type, ObjectNode object) {
    String name = object.path("metadata").path("name").asText();
    try {
      registries.registry(type).get("default", name, "");
      return;
    } catch (StatusException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
    try {
      registries.registry(type).create("default", object, WriteOptions.system());
      log.info("created {} default/kubernetes", type.plural());
    } catch (StatusException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
  }

  /** The first non-loopback IPv4 address of this machine, else the loopback address. */
  static String defaultAdvertiseAddress() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      log.warn("cannot list network interfaces", e);
    }
    return "127.0.0.1";
  }
}
