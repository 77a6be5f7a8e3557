package dev.ketch.proxy.iptables;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The proxy's chains in the filter and nat tables and their rules, rendered as {@code
 * iptables-restore --noflush} input: either in full, or only the chains that differ from what was
 * applied last (unchanged chains are neither declared nor rewritten, so the kernel keeps them, as
 * kube-proxy's partial syncs do). Immutable.
 */
public final class Ruleset {

  private final Map<String, List<String>> filter;
  private final Map<String, List<String>> nat;

  Ruleset(Map<String, List<String>> filter, Map<String, List<String>> nat) {
    this.filter = Collections.unmodifiableMap(new LinkedHashMap<>(filter));
    this.nat = Collections.unmodifiableMap(new LinkedHashMap<>(nat));
  }

  public Set<String> natChains() {
    return nat.keySet();
  }

  public Set<String> filterChains() {
    return filter.keySet();
  }

  public int ruleCount() {
    return filter.values().stream().mapToInt(List::size).sum() + nat.values().stream().mapToInt(List::size).sum();
  }

  /** Everything, every chain declared (so flushed) and rewritten. */
  public String text() {
    return render(Map.of(), Map.of(), Set.of());
  }

  /**
   * The chains that differ from {@code appliedFilter}/{@code appliedNat} (chain to its rules as
   * applied), then the deletion of {@code staleNat}, which are flushed first so that nothing
   * refers to them when they go.
   */
  public String render(Map<String, List<String>> appliedFilter, Map<String, List<String>> appliedNat, Set<String> staleNat) {
    StringBuilder out = new StringBuilder("*filter\n");
    appendChanged(out, filter, appliedFilter, Set.of());
    out.append("COMMIT\n*nat\n");
    appendChanged(out, nat, appliedNat, staleNat);
    out.append("COMMIT\n");
    return out.toString();
  }

  private static void appendChanged(StringBuilder out, Map<String, List<String>> chains, Map<String, List<String>> applied,
      Set<String> stale) {
    List<String> changed = chains.keySet().stream().filter(c -> !chains.get(c).equals(applied.get(c))).toList();
    changed.forEach(c -> out.append(':').append(c).append(" - [0:0]\n"));
    stale.stream().sorted().forEach(c -> out.append(':').append(c).append(" - [0:0]\n"));
    changed.forEach(c -> chains.get(c).forEach(rule -> out.append(rule).append('\n')));
    stale.stream().sorted().forEach(c -> out.append("-X ").append(c).append('\n'));
  }

  Map<String, List<String>> filterRules() {
    return filter;
  }

  Map<String, List<String>> natRules() {
    return nat;
  }
}
