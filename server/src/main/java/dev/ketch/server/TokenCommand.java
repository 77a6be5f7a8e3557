package dev.ketch.server;

import dev.ketch.pki.CaCertHash;
import dev.ketch.pki.JoinToken;
import dev.ketch.pki.JoinTokenFile;
import dev.ketch.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ketch token}: prints the join token nodes present to {@code ketch agent --token}, from
 * the server's data directory ({@code <data-dir>/token}, created at the server's first start);
 * {@code ketch token create} adds another, which the running server accepts at once.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Print the join token of this server's cluster (or 'create' another).")
final class TokenCommand implements Callable<Integer> {

  @Parameters(
      arity = "0..1",
      paramLabel = "create",
      description = "'create' to add a new join token and print it.")
  String action;

  @Option(
      names = "--data-dir",
      description = "The server's data directory (default: /var/lib/ketch as root, else ~/.ketch).")
  Path dataDir;

  @Override
  public Integer call() {
    Path dir = dataDir != null ? dataDir : ServerConfig.defaultDataDir();
    JoinTokenFile tokens = JoinTokenFile.at(ServerConfig.joinTokenFile(dir));
    JoinToken token;
    if (action == null) {
      List<JoinToken> all = tokens.all();
      if (all.isEmpty()) {
        throw new IllegalArgumentException("no join token in " + tokens.file()
            + "; the server creates one at its first start (ketch server --data-dir " + dir + ")");
      }
      token = all.getFirst();
    } else if ("create".equals(action)) {
      token = tokens.create(caHash(dir.resolve("tls/ca.crt")), new SecureRandom());
    } else {
      throw new IllegalArgumentException("unknown argument '" + action + "'; 'ketch token' prints the join token,"
          + " 'ketch token create' adds one");
    }
    System.out.println(token.text());
    return 0;
  }

  private static CaCertHash caHash(Path caFile) {
    if (!Files.isReadable(caFile)) {
      throw new IllegalArgumentException("no cluster CA at " + caFile + "; start the server once first");
    }
    try {
      X509Certificate ca = Pem.readCertificates(Files.readString(caFile)).getFirst();
      return CaCertHash.of(ca);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the cluster CA at " + caFile + " is unreadable: " + e.getMessage(), e);
    }
  }
}
