package dev.ketch.kubelet.runtime.cri;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The node's pod network as containerd's CRI plugin sets it up through CNI: a network list of the
 * {@code bridge} plugin (bridge {@value #BRIDGE}, the node's first pod address as the pods'
 * gateway, outgoing traffic masqueraded, hairpin mode so a pod can reach itself through a Service)
 * with {@code host-local} address management over the node's pod range, then {@code portmap} for
 * hostPort. The runtime adds the loopback interface itself, with the {@code loopback} plugin from
 * its plugin directory. The file is {@value #FILE} in the runtime's CNI configuration directory,
 * which containerd watches; with {@code max_conf_num = 1} the first file in name order is used, so
 * the name sorts early.
 */
public final class CniNetwork {

  /** The configuration file's name. */
  public static final String FILE = "10-ketch.conflist";
  /** The network's name, as pods' sandboxes record it. */
  public static final String NAME = "ketch";
  /** The Linux bridge the pods' veth pairs attach to. */
  public static final String BRIDGE = "ketch0";

  private CniNetwork() {}

  /** The network list for pod range {@code podCidr} (e.g. 10.42.0.0/24). */
  public static String conflist(String podCidr) {
    String cidr = validCidr(podCidr);
    return """
        {
          "cniVersion": "0.4.0",
          "name": "%s",
          "plugins": [
            {
              "type": "bridge",
              "bridge": "%s",
              "isGateway": true,
              "ipMasq": true,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "ranges": [[{"subnet": "%s"}]],
                "routes": [{"dst": "0.0.0.0/0"}]
              }
            },
            {
              "type": "portmap",
              "capabilities": {"portMappings": true}
            }
          ]
        }
        """.formatted(NAME, BRIDGE, cidr);
  }

  /**
   * Writes the network list into {@code confDir} unless it is there already with the same content,
   * atomically (a temporary file renamed over it), so the runtime never reads half a file.
   *
   * @return whether the file changed
   */
  public static boolean write(Path confDir, String podCidr) {
    String wanted = conflist(podCidr);
    Path file = confDir.resolve(FILE);
    try {
      if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(wanted)) {
        return false;
      }
      Files.createDirectories(confDir);
      // Not *.conflist, so that the runtime never loads the temporary file.
      Path tmp = confDir.resolve("." + FILE + ".tmp");
      Files.writeString(tmp, wanted, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CNI configuration " + file, e);
    }
  }

  /** An IPv4 CIDR in canonical form, or IllegalArgumentException. */
  static String validCidr(String cidr) {
    String[] parts = cidr == null ? new String[0] : cidr.trim().split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
    }
    String[] octets = parts[0].split("\\.");
    int prefix;
    try {
      prefix = Integer.parseInt(parts[1]);
      if (octets.length != 4 || prefix < 8 || prefix > 30) {
        throw new IllegalArgumentException("not a usable IPv4 pod range (/8 to /30): " + cidr);
      }
      for (String o : octets) {
        int v = Integer.parseInt(o);
        if (v < 0 || v > 255) {
          throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr, e);
    }
    return cidr.trim().toLowerCase(Locale.ROOT);
  }
}
