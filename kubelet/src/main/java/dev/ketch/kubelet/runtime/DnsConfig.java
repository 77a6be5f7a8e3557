package dev.ketch.kubelet.runtime;

import java.util.List;

/** The resolv.conf a sandbox gets: name servers, search domains, options (e.g. ndots:5). */
public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {

  public DnsConfig {
    servers = List.copyOf(servers);
    searches = List.copyOf(searches);
    options = List.copyOf(options);
  }

  /** The host's own resolver, unchanged. */
  public static DnsConfig none() {
    return new DnsConfig(List.of(), List.of(), List.of());
  }
}
