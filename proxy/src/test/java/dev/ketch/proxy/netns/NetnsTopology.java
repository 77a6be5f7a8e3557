package dev.ketch.proxy.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Three network namespaces wired like a node: {@code node} (where the proxy's rules go) bridges
 * {@code pods} (10.42.0.0/24 behind a veth, endpoints 10.42.0.5 and 10.42.0.6 each serving its
 * own name over HTTP with busybox httpd, fetched with curl) and {@code client} (an outside machine, 192.168.77.2,
 * reaching the node at 192.168.77.1). Needs root, {@code ip}, busybox and curl; fails without them.
 */
public final class NetnsTopology implements AutoCloseable {

  public static final String NODE_IP = "192.168.77.1";

  public final String node;
  public final String pods;
  public final String client;
  private final List<Process> servers = new ArrayList<>();
  private final Path webRoot;

  public NetnsTopology(Path dir) throws IOException {
    String suffix = Long.toString(ProcessHandle.current().pid());
    node = "kpx-node-" + suffix;
    pods = "kpx-pods-" + suffix;
    client = "kpx-client-" + suffix;
    webRoot = dir;
    try {
      for (String ns : List.of(node, pods, client)) {
        sh("ip", "netns", "add", ns);
        sh("ip", "-n", ns, "link", "set", "lo", "up");
      }
      sh("ip", "link", "add", "kpxn" + suffix, "netns", node, "type", "veth", "peer", "name", "kpxp" + suffix, "netns", pods);
      sh("ip", "-n", node, "addr", "add", "10.42.0.1/24", "dev", "kpxn" + suffix);
      sh("ip", "-n", node, "link", "set", "kpxn" + suffix, "up");
      sh("ip", "-n", pods, "addr", "add", "10.42.0.5/24", "dev", "kpxp" + suffix);
      sh("ip", "-n", pods, "addr", "add", "10.42.0.6/24", "dev", "kpxp" + suffix);
      sh("ip", "-n", pods, "link", "set", "kpxp" + suffix, "up");
      sh("ip", "-n", pods, "route", "add", "default", "via", "10.42.0.1");
      sh("ip", "link", "add", "kpxc" + suffix, "netns", node, "type", "veth", "peer", "name", "kpxo" + suffix, "netns", client);
      sh("ip", "-n", node, "addr", "add", NODE_IP + "/24", "dev", "kpxc" + suffix);
      sh("ip", "-n", node, "link", "set", "kpxc" + suffix, "up");
      sh("ip", "-n", client, "addr", "add", "192.168.77.2/24", "dev", "kpxo" + suffix);
      sh("ip", "-n", client, "link", "set", "kpxo" + suffix, "up");
      // The node's default route, as every real node has: locally sent packets to a cluster IP are routed before DNAT.
      sh("ip", "-n", node, "route", "add", "default", "via", "192.168.77.2");
      sh("ip", "netns", "exec", node, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
      for (String ip : List.of("10.42.0.5", "10.42.0.6")) {
        Path root = Files.createDirectories(dir.resolve(ip));
        Files.writeString(root.resolve("index.html"), ip + "\n");
        servers.add(new ProcessBuilder("ip", "netns", "exec", pods, "busybox", "httpd", "-f", "-p", ip + ":8080", "-h",
            root.toString()).redirectErrorStream(true).redirectOutput(dir.resolve(ip + ".log").toFile()).start());
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** What an HTTP GET of {@code url} from inside {@code netns} answered, or the error wget printed. */
  public static String get(String netns, String url) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ip", "netns", "exec", netns, "curl", "-sS", "--max-time", "3", url)
        .redirectError(ProcessBuilder.Redirect.PIPE).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    String err = new String(p.getErrorStream().readAllBytes()).strip();
    return p.waitFor() == 0 ? out : "failed: " + err;
  }

  public static void sh(String... command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    servers.forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    });
    for (String ns : List.of(node, pods, client)) {
      try {
        sh("ip", "netns", "del", ns);
      } catch (IOException e) {
        // not created
      }
    }
  }
}
