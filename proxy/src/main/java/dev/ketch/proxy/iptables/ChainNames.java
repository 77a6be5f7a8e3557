package dev.ketch.proxy.iptables;

import dev.ketch.proxy.model.EndpointAddress;
import dev.ketch.proxy.model.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The chains the proxy owns, all named {@code KETCH-...}. Per-service and per-endpoint chains
 * carry a hash of what they stand for, as kube-proxy's do, so that their names stay within
 * iptables' 28 characters and stay the same across restarts.
 */
public final class ChainNames {

  public static final String PREFIX = "KETCH-";
  public static final String SERVICES = "KETCH-SERVICES";
  public static final String EXTERNAL_SERVICES = "KETCH-EXTERNAL-SERVICES";
  public static final String NODEPORTS = "KETCH-NODEPORTS";
  public static final String POSTROUTING = "KETCH-POSTROUTING";
  public static final String MARK_MASQ = "KETCH-MARK-MASQ";
  public static final String FORWARD = "KETCH-FORWARD";

  private ChainNames() {}

  /** The chain spreading a Service port's traffic over all its endpoints. */
  public static String service(ServicePortName id) {
    return "KETCH-SVC-" + hash(id.toString());
  }

  /** The chain of a Service port's traffic from outside (node ports, external and load balancer IPs). */
  public static String external(ServicePortName id) {
    return "KETCH-EXT-" + hash(id.toString());
  }

  /** The chain spreading a Service port's traffic over this node's endpoints only (externalTrafficPolicy Local). */
  public static String local(ServicePortName id) {
    return "KETCH-SVL-" + hash(id.toString());
  }

  /** The chain DNAT-ing to one endpoint of a Service port. */
  public static String endpoint(ServicePortName id, EndpointAddress e) {
    return "KETCH-SEP-" + hash(id + "|" + e.hostPort());
  }

  /** Whether {@code chain} is one of the per-service or per-endpoint chains, which come and go. */
  public static boolean isPerService(String chain) {
    return chain.startsWith("KETCH-SVC-") || chain.startsWith("KETCH-EXT-") || chain.startsWith("KETCH-SVL-")
        || chain.startsWith("KETCH-SEP-");
  }

  private static String hash(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().withoutPadding().encodeToString(digest).replaceAll("[^A-Za-z0-9]", "")
          .substring(0, 16).toUpperCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
