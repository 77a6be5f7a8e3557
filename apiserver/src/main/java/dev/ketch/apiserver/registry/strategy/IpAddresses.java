package dev.ketch.apiserver.registry.strategy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parsing of literal IP addresses without name resolution. */
public final class IpAddresses {

  private static final Pattern V4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern V6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

  private IpAddresses() {}

  /** The address of a literal IPv4 or IPv6 string, or null if it is not one. */
  public static InetAddress parse(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    boolean v4 = V4.matcher(s).matches();
    boolean v6 = s.contains(":") && V6_CHARS.matcher(s).matches();
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }

  public static boolean isIpv6(String s) {
    InetAddress a = parse(s);
    return a != null && a.getAddress().length == 16;
  }
}
