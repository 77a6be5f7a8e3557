package dev.ketch.server;

import dev.ketch.controllers.manager.KubeClients;
import dev.ketch.dns.ClusterDns;
import dev.ketch.dns.ClusterDnsConfig;
import dev.ketch.dns.KubeDnsService;
import dev.ketch.proxy.ServiceProxy;
import dev.ketch.proxy.ServiceProxyConfig;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster DNS and this machine's service proxy, as clients of the API: the DNS answers on the
 * node's address and is published as {@code kube-system/kube-dns} at the well-known cluster IP;
 * the proxy routes that IP (and every other Service's) to its endpoints. See
 * docs/decisions/cluster-dns-reachability.md.
 */
final class ServiceNetworking implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServiceNetworking.class);

  private final KubernetesClient client;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final List<String> description = new ArrayList<>();

  private ServiceNetworking(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param ownNodeName the node this machine runs, which needs the proxy; null when it runs no pods
   */
  static ServiceNetworking start(Path kubeconfig, NetworkingConfig config, String ownNodeName) {
    KubernetesClient client = KubeClients.fromKubeconfig(kubeconfig);
    ServiceNetworking n = new ServiceNetworking(client);
    try {
      n.startAll(config, ownNodeName);
    } catch (RuntimeException e) {
      n.close();
      throw e;
    }
    return n;
  }

  private void startAll(NetworkingConfig config, String ownNodeName) {
    String nodeIp = apiServerAddress();
    if (config.dnsOff()) {
      description.add("cluster DNS:    off");
    } else {
      ClusterDns dns = startDns(config, nodeIp);
      started.add(dns);
      InetSocketAddress at = dns.address();
      KubeDnsService.ensure(client, config.clusterDnsIp(), at.getAddress().getHostAddress(), at.getPort());
      description.add("cluster DNS:    " + config.clusterDnsIp() + ":53 (kube-system/kube-dns), answering on "
          + at.getAddress().getHostAddress() + ":" + at.getPort() + ", domain " + config.clusterDomain());
    }
    boolean runProxy = !config.proxyOff() && (config.proxyForced() || ownNodeName != null);
    if (!runProxy) {
      description.add("service proxy:  off" + (config.proxyOff() ? "" : " (no pods run on this machine; --runtime or --proxy-mode runs it)"));
      return;
    }
    ServiceProxyConfig proxyConfig = new ServiceProxyConfig(ownNodeName != null ? ownNodeName : hostName(), nodeIp, config.clusterCidr(), config.proxyMode(),
        Duration.ofMillis(100), Duration.ofSeconds(30));
    ServiceProxy proxy = ServiceProxy.start(client, proxyConfig);
    started.add(proxy);
    description.add("service proxy:  " + proxy.backendName());
  }

  private ClusterDns startDns(NetworkingConfig config, String nodeIp) {
    if (!config.dnsListen().equalsIgnoreCase("auto")) {
      InetSocketAddress listen = ServerConfig.hostPort("--cluster-dns-listen", config.dnsListen());
      return ClusterDns.start(client, withListen(config, listen));
    }
    try {
      return ClusterDns.start(client, withListen(config, new InetSocketAddress(nodeIp, NetworkingConfig.PREFERRED_DNS_PORT)));
    } catch (IllegalStateException e) {
      log.atWarn().addKeyValue("port", NetworkingConfig.PREFERRED_DNS_PORT).addKeyValue("error", e.getMessage())
          .log("cluster DNS port taken: answering on another free port");
      return ClusterDns.start(client, withListen(config, new InetSocketAddress(nodeIp, 0)));
    }
  }

  private static ClusterDnsConfig withListen(NetworkingConfig config, InetSocketAddress listen) {
    ClusterDnsConfig d = ClusterDnsConfig.defaults(listen);
    return new ClusterDnsConfig(listen, config.clusterDomain(), d.resolvConf(), null, d.upstreamTimeout(),
        List.of(config.clusterCidr()));
  }

  /** The address the API server advertises in {@code default/kubernetes}: this machine's, as pods reach it. */
  private String apiServerAddress() {
    Endpoints ep = client.endpoints().inNamespace("default").withName("kubernetes").get();
    if (ep == null || ep.getSubsets() == null || ep.getSubsets().isEmpty() || ep.getSubsets().getFirst().getAddresses().isEmpty()) {
      throw new IllegalStateException("the API server has not published default/kubernetes: cannot tell this node's address");
    }
    return ep.getSubsets().getFirst().getAddresses().getFirst().getIp();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  List<String> description() {
    return List.copyOf(description);
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        log.atWarn().addKeyValue("component", started.get(i).getClass().getSimpleName()).addKeyValue("error", e.toString())
            .log("stopping failed");
      }
    }
    client.close();
  }
}
