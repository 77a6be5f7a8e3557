package dev.ketch.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.registry.Registries;
import dev.ketch.apiserver.registry.WriteOptions;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.pki.ServingNames;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code default/kubernetes} Service every cluster has, and its Endpoints and EndpointSlice
 * pointing at this API server, as kube-apiserver's endpoint reconciler keeps them: cluster IP the first of the service
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
    replace(registries, endpoints, ep);
    // The EndpointSlice the proxy reads (the Endpoints above are for older clients; not mirrored).
    ObjectNode slice = Json.mapper().createObjectNode().put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
    slice.putObject("metadata").put("name", "kubernetes").put("namespace", "default")
        .putObject("labels").put("kubernetes.io/service-name", "kubernetes");
    slice.put("addressType", advertiseAddress.contains(":") ? "IPv6" : "IPv4");
    ObjectNode endpoint = slice.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(advertiseAddress);
    endpoint.putObject("conditions").put("ready", true);
    slice.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
    replace(registries, registries.type("discovery.k8s.io", "endpointslices"), slice);
  }

  /** Writes {@code object} over what is stored, or creates it. */
  private static void replace(Registries registries, ResourceType type, ObjectNode object) {
    try {
      registries.registry(type).update("default", "kubernetes", object.deepCopy(), WriteOptions.system(), "");
    } catch (StatusException e) {
      if (e.code() != 404) {
        throw e;
      }
      createIfMissing(registries, type, object);
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

  /**
   * The IPv4 address this machine sends from on its default route (what other machines reach it
   * at), else its first non-loopback IPv4 address, else the loopback address.
   */
  static String defaultAdvertiseAddress() {
    try (DatagramSocket probe = new DatagramSocket()) {
      // Connecting a UDP socket only picks the route; nothing is sent. TEST-NET-3, never answered.
      probe.connect(InetAddress.getByName("203.0.113.1"), 9);
      InetAddress local = probe.getLocalAddress();
      if (local instanceof Inet4Address && !local.isAnyLocalAddress() && !local.isLoopbackAddress()) {
        return local.getHostAddress();
      }
    } catch (IOException e) {
      log.atDebug().addKeyValue("error", e.getMessage()).log("no default route; using the first interface's address");
    }
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
