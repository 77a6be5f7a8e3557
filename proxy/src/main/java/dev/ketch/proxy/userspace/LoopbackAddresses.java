package dev.ketch.proxy.userspace;

import dev.ketch.proxy.iptables.CommandRunner;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes cluster IPs addresses of this machine by adding them to the loopback device ({@code ip
 * addr add <ip>/32 dev lo}; needs root), so that the user-space proxy can listen on them and
 * local processes reach them; removes the ones it added when closed.
 */
public final class LoopbackAddresses implements Predicate<String>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LoopbackAddresses.class);

  private final CommandRunner runner;
  private final Set<String> added = new LinkedHashSet<>();
  /** Addresses that could not be added (no privilege, or no {@code ip}): not tried again. */
  private final Set<String> refused = new LinkedHashSet<>();

  public LoopbackAddresses(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public synchronized boolean test(String ip) {
    if (ip.equals("0.0.0.0") || ip.equals("::") || refused.contains(ip)) {
      return false;
    }
    String prefix = ip.contains(":") ? "/128" : "/32";
    CommandRunner.Result r = runner.run(List.of("ip", "addr", "add", ip + prefix, "dev", "lo"), null);
    if (r.ok()) {
      added.add(ip);
      return true;
    }
    refused.add(ip);
    log.atWarn().addKeyValue("ip", ip).addKeyValue("error", r.stderr().strip()).log("cannot add a cluster IP to the loopback device");
    return false;
  }

  @Override
  public synchronized void close() {
    for (String ip : added) {
      runner.run(List.of("ip", "addr", "del", ip + (ip.contains(":") ? "/128" : "/32"), "dev", "lo"), null);
    }
    added.clear();
  }
}
