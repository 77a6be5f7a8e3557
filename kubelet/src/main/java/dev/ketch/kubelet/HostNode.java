package dev.ketch.kubelet;

import dev.ketch.kubelet.node.MachineInfo;
import dev.ketch.kubelet.pod.PodInformer;
import dev.ketch.kubelet.server.KubeletServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent of this machine: one kubelet over a real runtime, with its own services and pod
 * informer ({@code spec.nodeName=<node>}), on a client whose credentials are the node's.
 *
 * <p>Threads: those of its {@link KubeletServices} and its informer. {@link #close()} stops the
 * kubelet and leaves the pods' containers running for the next agent to adopt; the client and the
 * runtime are the caller's.
 */
public final class HostNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HostNode.class);

  private final KubeletServices services;
  private final PodInformer informer;
  private final KubeletServer server;
  private final Kubelet kubelet;

  private HostNode(KubeletServices services, PodInformer informer, KubeletServer server, Kubelet kubelet) {
    this.services = services;
    this.informer = informer;
    this.server = server;
    this.kubelet = kubelet;
  }

  /**
   * Starts the kubelet of this machine and its HTTPS endpoint (port 10250, or any free port when
   * that one is taken, as by a second node on the same machine); returns once it has tried to
   * register.
   */
  public static HostNode start(KubernetesClient client, KubeletConfig config, NodeRuntime runtime) {
    KubeletServer server = KubeletEndpoint.start(client, config, runtime.runtime());
    KubeletServices services = new KubeletServices(client, Clock.systemUTC());
    PodInformer informer = PodInformer.forNode(client, config.nodeName()).start();
    try {
      Kubelet kubelet = Kubelet.start(services, config, runtime, informer, server.port());
      return new HostNode(services, informer, server, kubelet);
    } catch (RuntimeException e) {
      informer.close();
      services.close();
      server.close();
      throw e;
    }
  }

  /**
   * The configuration of this machine's node: upstream's defaults, the machine read from /proc,
   * the kubelet's files under {@code dataDir} ({@code kubelet/} for its root, {@code pods/} for
   * pod logs), and the runtime named by a label {@code node.ketch.dev/container-runtime}.
   */
  public static KubeletConfig config(String nodeName, String nodeIp, Path dataDir, String runtimeName) {
    Path root = dataDir.resolve("kubelet");
    MachineInfo machine = MachineInfo.read(root);
    KubeletConfig base = KubeletConfig.of(nodeName, nodeIp, machine, "");
    return new KubeletConfig(base.nodeName(), base.nodeIp(), base.machine(),
        Map.of("node.ketch.dev/container-runtime", runtimeName), base.podCidr(), base.clusterDns(), base.clusterDomain(),
        base.kubeletVersion(), base.maxPods(), base.reserved(), base.leaseDuration(), base.leaseRenewInterval(),
        base.nodeStatusUpdateFrequency(), base.nodeStatusReportFrequency(), base.relistPeriod(), base.resyncPeriod(),
        base.backOffInitial(), base.backOffMax(), root.toString(), dataDir.resolve("pods").toString());
  }

  /** This machine's host name, lower case, as a node name. */
  public static String defaultNodeName() {
    return MachineInfo.read(Path.of("/")).hostname().toLowerCase(Locale.ROOT);
  }

  /** A documentation address (TEST-NET-3): routed by the default route, never sent anything. */
  private static final String ANY_REMOTE = "203.0.113.1";

  /**
   * The address this machine reaches {@code peer} from (the route's source address, found without
   * sending anything; with no peer, the default route's), else its first non-loopback IPv4
   * address, else 127.0.0.1.
   */
  public static String addressTowards(String peer) {
    String target = peer == null || peer.isEmpty() ? ANY_REMOTE : peer;
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(new InetSocketAddress(InetAddress.getByName(target), 9));
      InetAddress local = s.getLocalAddress();
      if (local != null && !local.isAnyLocalAddress()) {
        return local.getHostAddress();
      }
    } catch (java.io.IOException | RuntimeException e) {
      log.debug("no route towards peer={}: {}", target, e.toString());
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      log.debug("cannot list network interfaces: {}", e.toString());
    }
    return "127.0.0.1";
  }

  public Kubelet kubelet() {
    return kubelet;
  }

  public String nodeName() {
    return kubelet.nodeName();
  }

  @Override
  public void close() {
    kubelet.close();
    server.close();
    informer.close();
    services.close();
  }
}
