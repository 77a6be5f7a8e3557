package dev.ketch.dns.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The name servers of a resolv.conf file, the upstreams for names outside the cluster. */
public final class ResolvConf {

  private ResolvConf() {}

  /** The {@code nameserver} addresses of {@code file}, port 53; empty if it cannot be read. */
  public static List<InetSocketAddress> nameservers(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
    return parse(lines);
  }

  static List<InetSocketAddress> parse(List<String> lines) {
    List<InetSocketAddress> servers = new ArrayList<>();
    for (String line : lines) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 2 && words[0].equals("nameserver")) {
        String address = words[1];
        int zone = address.indexOf('%');
        try {
          servers.add(new InetSocketAddress(InetAddress.ofLiteral(zone < 0 ? address : address.substring(0, zone)), 53));
        } catch (IllegalArgumentException e) {
          // Not an address literal: resolv.conf allows only those, so the line is ignored as glibc does.
        }
      }
    }
    return List.copyOf(servers);
  }
}
