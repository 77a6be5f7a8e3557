package dev.ketch.proxy.nftables;

import dev.ketch.proxy.ProxyBackend;
import dev.ketch.proxy.iptables.CommandRunner;
import dev.ketch.proxy.iptables.Conntrack;
import dev.ketch.proxy.model.ProxyModel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Programs the proxy's own nftables table: every sync replaces the whole {@code ip ketch} table in
 * one {@code nft -f} transaction (see {@link NftablesScript}); other tables are never touched.
 */
public final class NftablesBackend implements ProxyBackend {

  private static final Logger log = LoggerFactory.getLogger(NftablesBackend.class);

  private final CommandRunner runner;
  private final NftablesScript script;
  private final Conntrack conntrack;
  private ProxyModel applied = ProxyModel.empty();

  public NftablesBackend(CommandRunner runner, String podCidr) {
    this.runner = runner;
    this.script = new NftablesScript(podCidr);
    this.conntrack = new Conntrack(runner);
  }

  /** Whether nftables can be programmed here: the nft tool exists and can list the ruleset. */
  public static boolean usable(CommandRunner runner) {
    return runner.run(List.of("nft", "list", "tables"), null).ok();
  }

  @Override
  public String name() {
    return "nftables";
  }

  @Override
  public synchronized void sync(ProxyModel model) {
    long started = System.nanoTime();
    CommandRunner.Result r = runner.run(List.of("nft", "-f", "-"), script.generate(model));
    if (!r.ok()) {
      throw new IllegalStateException("nft -f failed (exit " + r.exitCode() + "): " + r.stderr().strip());
    }
    conntrack.clear(applied, model);
    applied = model;
    log.atDebug().addKeyValue("services", model.services().size())
        .addKeyValue("tookMs", (System.nanoTime() - started) / 1_000_000).log("nftables table replaced");
  }

  /** The proxy's table as nft lists it, for tests and troubleshooting. */
  public String listTable() {
    CommandRunner.Result r = runner.run(List.of("nft", "list", "table", "ip", NftablesScript.TABLE), null);
    return r.ok() ? r.stdout() : "";
  }

  @Override
  public synchronized void close() {
    CommandRunner.Result r = runner.run(List.of("nft", "delete", "table", "ip", NftablesScript.TABLE), null);
    if (!r.ok() && !r.stderr().contains("No such file")) {
      log.atWarn().addKeyValue("error", r.stderr().strip()).log("removing the proxy's nftables table failed");
    }
    applied = ProxyModel.empty();
  }
}
