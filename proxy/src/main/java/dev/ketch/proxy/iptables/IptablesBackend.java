package dev.ketch.proxy.iptables;

import dev.ketch.proxy.ProxyBackend;
import dev.ketch.proxy.model.ProxyModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Programs the node's iptables: the jumps from the built-in chains into the proxy's own chains,
 * then at each sync the whole generated ruleset in one {@code iptables-restore --noflush}, which
 * replaces the proxy's chains atomically and leaves every other rule alone. Chains of Services
 * and endpoints that no longer exist are flushed and deleted in the same restore.
 */
public final class IptablesBackend implements ProxyBackend {

  private static final Logger log = LoggerFactory.getLogger(IptablesBackend.class);

  /** table, built-in chain, the rule that jumps to our chain. */
  private static final List<String[]> JUMPS = List.of(
      new String[] {"nat", "PREROUTING", "-m comment --comment \"ketch service portals\" -j " + ChainNames.SERVICES},
      new String[] {"nat", "OUTPUT", "-m comment --comment \"ketch service portals\" -j " + ChainNames.SERVICES},
      new String[] {"nat", "POSTROUTING", "-m comment --comment \"ketch postrouting rules\" -j " + ChainNames.POSTROUTING},
      new String[] {"filter", "INPUT", "-m conntrack --ctstate NEW -m comment --comment \"ketch external services\" -j "
          + ChainNames.EXTERNAL_SERVICES},
      new String[] {"filter", "FORWARD", "-m conntrack --ctstate NEW -m comment --comment \"ketch service portals\" -j "
          + ChainNames.SERVICES},
      new String[] {"filter", "FORWARD", "-m conntrack --ctstate NEW -m comment --comment \"ketch external services\" -j "
          + ChainNames.EXTERNAL_SERVICES},
      new String[] {"filter", "FORWARD", "-m comment --comment \"ketch forwarding rules\" -j " + ChainNames.FORWARD},
      new String[] {"filter", "OUTPUT", "-m conntrack --ctstate NEW -m comment --comment \"ketch service portals\" -j "
          + ChainNames.SERVICES});

  /** How often a sync rewrites every chain rather than only the changed ones. */
  static final int FULL_SYNC_EVERY = 10;

  private final CommandRunner runner;
  private final RulesetGenerator generator;
  private final Conntrack conntrack;
  private ProxyModel applied = ProxyModel.empty();
  /** What the last successful restore left in each chain; empty to rewrite everything next time. */
  private Map<String, List<String>> appliedFilter = Map.of();
  private Map<String, List<String>> appliedNat = Map.of();
  private int syncsSinceFull;

  public IptablesBackend(CommandRunner runner, String podCidr) {
    this.runner = runner;
    this.generator = new RulesetGenerator(podCidr);
    this.conntrack = new Conntrack(runner);
  }

  /** Whether iptables can be programmed here: the tools exist and the nat table can be read. */
  public static boolean usable(CommandRunner runner) {
    return runner.run(List.of("iptables-save", "-t", "nat"), null).ok()
        && runner.available("iptables-restore");
  }

  @Override
  public String name() {
    return "iptables";
  }

  /**
   * Writes the chains that changed since the last sync; every {@value #FULL_SYNC_EVERY}th sync, and
   * after a failure, rewrites all of them, so that rules changed behind the proxy's back come back.
   */
  @Override
  public synchronized void sync(ProxyModel model) {
    long started = System.nanoTime();
    Ruleset ruleset = generator.generate(model);
    boolean full = ++syncsSinceFull >= FULL_SYNC_EVERY || appliedNat.isEmpty();
    // A full sync asks the kernel which chains exist (left by an earlier run, or added by hand); a partial one trusts
    // what it applied last.
    Set<String> existing = full ? existingChains("nat") : appliedNat.keySet();
    Set<String> stale = staleChains(ruleset, existing);
    String input = full ? ruleset.render(Map.of(), Map.of(), stale)
        : ruleset.render(appliedFilter, appliedNat, stale);
    CommandRunner.Result r = runner.run(List.of("iptables-restore", "-w", "5", "--noflush"), input);
    if (!r.ok()) {
      appliedFilter = Map.of();
      appliedNat = Map.of();
      throw new IllegalStateException("iptables-restore failed (exit " + r.exitCode() + "): " + r.stderr().strip());
    }
    if (full) {
      syncsSinceFull = 0;
    }
    appliedFilter = ruleset.filterRules();
    appliedNat = ruleset.natRules();
    ensureJumps();
    conntrack.clear(applied, model);
    applied = model;
    log.atDebug().addKeyValue("services", model.services().size()).addKeyValue("rules", ruleset.ruleCount())
        .addKeyValue("tookMs", (System.nanoTime() - started) / 1_000_000).log("iptables rules synced");
  }

  /** The proxy's per-service chains that exist but are no longer part of {@code ruleset}. */
  static Set<String> staleChains(Ruleset ruleset, Set<String> existingNat) {
    Set<String> stale = new java.util.TreeSet<>();
    existingNat.stream().filter(c -> ChainNames.isPerService(c) && !ruleset.natChains().contains(c)).forEach(stale::add);
    return stale;
  }

  /** The proxy's chains that exist now in {@code table}. */
  Set<String> existingChains(String table) {
    CommandRunner.Result r = runner.run(List.of("iptables-save", "-t", table), null);
    if (!r.ok()) {
      throw new IllegalStateException("iptables-save -t " + table + " failed: " + r.stderr().strip());
    }
    Set<String> chains = new LinkedHashSet<>();
    for (String line : r.stdout().split("\n")) {
      if (line.startsWith(":" + ChainNames.PREFIX)) {
        chains.add(line.substring(1, line.indexOf(' ')));
      }
    }
    return chains;
  }

  private void ensureJumps() {
    for (String[] jump : JUMPS) {
      List<String> rule = splitRule(jump[2]);
      List<String> check = new ArrayList<>(List.of("iptables", "-w", "5", "-t", jump[0], "-C", jump[1]));
      check.addAll(rule);
      if (runner.run(check, null).ok()) {
        continue;
      }
      List<String> insert = new ArrayList<>(List.of("iptables", "-w", "5", "-t", jump[0], "-I", jump[1]));
      insert.addAll(rule);
      CommandRunner.Result r = runner.run(insert, null);
      if (!r.ok()) {
        throw new IllegalStateException("cannot add the jump to " + jump[2] + " in " + jump[0] + "/" + jump[1] + ": "
            + r.stderr().strip());
      }
    }
  }

  /** A rule's words, a quoted comment kept as one word without its quotes. */
  static List<String> splitRule(String rule) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (char c : rule.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ' ' && !quoted) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }

  /** Removes the jumps and every chain of the proxy. */
  @Override
  public synchronized void close() {
    for (String[] jump : JUMPS) {
      List<String> delete = new ArrayList<>(List.of("iptables", "-w", "5", "-t", jump[0], "-D", jump[1]));
      delete.addAll(splitRule(jump[2]));
      runner.run(delete, null);
    }
    for (String table : List.of("nat", "filter")) {
      Set<String> chains;
      try {
        chains = existingChains(table);
      } catch (IllegalStateException e) {
        log.atWarn().addKeyValue("table", table).addKeyValue("error", e.getMessage()).log("cannot list chains to remove");
        continue;
      }
      StringBuilder input = new StringBuilder("*").append(table).append('\n');
      chains.forEach(c -> input.append(':').append(c).append(" - [0:0]\n"));
      chains.forEach(c -> input.append("-X ").append(c).append('\n'));
      input.append("COMMIT\n");
      CommandRunner.Result r = runner.run(List.of("iptables-restore", "-w", "5", "--noflush"), input.toString());
      if (!r.ok()) {
        log.atWarn().addKeyValue("table", table).addKeyValue("error", r.stderr().strip()).log("removing the proxy's chains failed");
      }
    }
    applied = ProxyModel.empty();
    appliedFilter = Map.of();
    appliedNat = Map.of();
  }
}
