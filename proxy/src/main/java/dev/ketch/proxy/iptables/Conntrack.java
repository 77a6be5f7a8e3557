package dev.ketch.proxy.iptables;

import dev.ketch.proxy.model.EndpointAddress;
import dev.ketch.proxy.model.ProxyModel;
import dev.ketch.proxy.model.ServicePortName;
import dev.ketch.proxy.model.ServicePortSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears the connection-tracking entries that would keep UDP flows going to an endpoint after it
 * was removed (UDP has no connection to end, so conntrack would keep DNAT-ing the client's packets
 * to the old endpoint), as kube-proxy does with the {@code conntrack} tool.
 */
public final class Conntrack {

  private static final Logger log = LoggerFactory.getLogger(Conntrack.class);

  private final CommandRunner runner;
  private boolean warnedMissing;

  public Conntrack(CommandRunner runner) {
    this.runner = runner;
  }

  /** The deletions needed going from {@code before} to {@code after}, as conntrack argument lists. */
  static List<List<String>> staleUdpFlows(ProxyModel before, ProxyModel after) {
    List<List<String>> commands = new ArrayList<>();
    for (ServicePortSpec old : before.services().values()) {
      if (!old.protocol().equals("UDP")) {
        continue;
      }
      ServicePortName id = old.id();
      Set<EndpointAddress> kept = new HashSet<>(after.services().containsKey(id) ? after.endpointsOf(id) : List.of());
      for (EndpointAddress gone : before.endpointsOf(id)) {
        if (kept.contains(gone) || gone.ip().contains(":")) {
          continue;
        }
        for (String vip : old.clusterIps()) {
          if (!vip.contains(":")) {
            commands.add(List.of("-D", "-p", "udp", "--orig-dst", vip, "--orig-port-dst", Integer.toString(old.port()),
                "--dst-nat", gone.ip()));
          }
        }
        if (old.nodePort() > 0) {
          commands.add(List.of("-D", "-p", "udp", "--orig-port-dst", Integer.toString(old.nodePort()), "--dst-nat", gone.ip()));
        }
      }
    }
    return commands;
  }

  /** Deletes the UDP flows to endpoints {@code after} no longer has. */
  public void clear(ProxyModel before, ProxyModel after) {
    for (List<String> args : staleUdpFlows(before, after)) {
      List<String> command = new ArrayList<>(List.of("conntrack"));
      command.addAll(args);
      CommandRunner.Result r = runner.run(command, null);
      if (r.exitCode() == 127) {
        if (!warnedMissing) {
          warnedMissing = true;
          log.atWarn().log("the conntrack tool is missing: UDP flows to removed endpoints are not cleared");
        }
        return;
      }
      // Exit code 1 with "0 flow entries have been deleted" is the normal case of nothing to clear.
      if (!r.ok() && !r.stderr().contains("0 flow entries")) {
        log.atWarn().addKeyValue("command", String.join(" ", command)).addKeyValue("error", r.stderr().strip())
            .log("clearing conntrack entries failed");
      }
    }
  }
}
