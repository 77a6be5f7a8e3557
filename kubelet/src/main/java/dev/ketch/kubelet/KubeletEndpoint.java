package dev.ketch.kubelet;

import dev.ketch.kubelet.node.NodeObjects;
import dev.ketch.kubelet.runtime.RuntimeService;
import dev.ketch.kubelet.server.KubeletServer;
import dev.ketch.pki.CertificateAuthority;
import dev.ketch.pki.Credential;
import dev.ketch.pki.Pem;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a machine's {@link KubeletServer}: trusting the cluster CA that the node's kubeconfig
 * names, serving with a certificate the node makes for itself at each start (self-signed; the
 * API server does not verify kubelets' certificates), on port 10250 or, when that is taken, on any
 * free port (the Node's {@code status.daemonEndpoints} says which).
 */
final class KubeletEndpoint {

  private static final Logger log = LoggerFactory.getLogger(KubeletEndpoint.class);

  private KubeletEndpoint() {}

  static KubeletServer start(KubernetesClient client, KubeletConfig config, RuntimeService runtime) {
    X509Certificate ca = clusterCa(client.getConfiguration());
    Credential serving = CertificateAuthority.create("ketch-kubelet@" + config.nodeName(), Clock.systemUTC()).credential();
    Path logDir = Path.of(config.logDir());
    try {
      return KubeletServer.start(new InetSocketAddress(NodeObjects.DEFAULT_KUBELET_PORT), serving, ca, runtime, logDir);
    } catch (IllegalStateException e) {
      log.atWarn().addKeyValue("node", config.nodeName()).addKeyValue("port", NodeObjects.DEFAULT_KUBELET_PORT)
          .log("the kubelet port is taken; serving on a free port instead");
      return KubeletServer.start(new InetSocketAddress(0), serving, ca, runtime, logDir);
    }
  }

  private static X509Certificate clusterCa(Config config) {
    try {
      String pem;
      if (config.getCaCertData() != null && !config.getCaCertData().isEmpty()) {
        pem = new String(Base64.getDecoder().decode(config.getCaCertData().trim()), StandardCharsets.US_ASCII);
      } else if (config.getCaCertFile() != null) {
        pem = Files.readString(Path.of(config.getCaCertFile()), StandardCharsets.US_ASCII);
      } else {
        throw new IllegalStateException("the node's kubeconfig names no cluster CA; the kubelet cannot check its callers");
      }
      List<X509Certificate> certificates = Pem.readCertificates(pem);
      if (certificates.isEmpty()) {
        throw new IllegalStateException("the node's kubeconfig holds no CA certificate");
      }
      return certificates.getFirst();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the cluster CA: " + e.getMessage(), e);
    }
  }
}
