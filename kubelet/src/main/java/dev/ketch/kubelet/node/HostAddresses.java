package dev.ketch.kubelet.node;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * This machine's address as a node reports it (its InternalIP): the IPv4 address of the interface
 * that holds the default route, as upstream's kubelet picks it when no --node-ip is given; else the
 * first IPv4 address of an interface that is up and not loopback; else 127.0.0.1.
 */
public final class HostAddresses {

  private HostAddresses() {}

  public static String primaryIpv4() {
    return defaultRouteInterface().flatMap(HostAddresses::ipv4Of).or(HostAddresses::anyIpv4).orElse("127.0.0.1");
  }

  /** The interface of the default route, from /proc/net/route (destination 00000000). */
  static Optional<String> defaultRouteInterface() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/route"));
      return defaultRouteInterface(lines);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<String> defaultRouteInterface(List<String> routeTable) {
    for (String line : routeTable.subList(Math.min(1, routeTable.size()), routeTable.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 2 && f[1].equals("00000000")) {
        return Optional.of(f[0]);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> ipv4Of(String name) {
    try {
      NetworkInterface nic = NetworkInterface.getByName(name);
      if (nic == null) {
        return Optional.empty();
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a.getHostAddress());
        }
      }
    } catch (SocketException e) {
      // Fall through.
    }
    return Optional.empty();
  }

  private static Optional<String> anyIpv4() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
          continue;
        }
        Optional<String> a = ipv4Of(nic.getName());
        if (a.isPresent()) {
          return a;
        }
      }
    } catch (SocketException e) {
      // Fall through.
    }
    return Optional.empty();
  }
}
