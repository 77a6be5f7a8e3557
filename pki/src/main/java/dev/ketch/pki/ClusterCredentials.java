package dev.ketch.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's credentials in one directory, minted on first use and reused across restarts:
 *
 * <pre>
 *   ca.crt  ca.key                     the cluster CA (self-signed, 10 years)
 *   apiserver.crt  apiserver.key       the API server's serving certificate
 *   client-NAME.crt  client-NAME.key   client certificates, e.g. client-admin for the administrator
 * </pre>
 *
 * <p>Keys are written owner-only (0600), certificates world-readable, each file atomically. A
 * certificate on disk is reused while it was signed by the CA, still says what is wanted (the
 * serving names; the client's user and groups) and has more than {@link #RENEW_BEFORE} left;
 * otherwise a new one is minted over it. The CA itself is never replaced: a directory with only
 * half of it is refused rather than silently invalidating every certificate it signed.
 *
 * <p>Thread-safe within one process (methods are synchronized); two processes must not share a
 * directory.
 */
public final class ClusterCredentials {

  /** How long serving and client certificates are valid. */
  public static final Duration VALIDITY = Duration.ofDays(365);

  /** A certificate with less time than this left is minted anew when next asked for. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(90);

  /** The common name of the API server's serving certificate. */
  public static final String SERVING_COMMON_NAME = "ketch-apiserver";

  private static final Logger log = LoggerFactory.getLogger(ClusterCredentials.class);
  private static final Pattern CLIENT_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");

  private final Path dir;
  private final Clock clock;
  private final CertificateAuthority ca;

  private ClusterCredentials(Path dir, Clock clock, CertificateAuthority ca) {
    this.dir = dir;
    this.clock = clock;
    this.ca = ca;
  }

  /**
   * Opens the directory, minting the CA when it holds none.
   *
   * @throws IllegalStateException when only one of ca.crt and ca.key exists, or they don't match
   * @throws java.io.UncheckedIOException when the directory cannot be read or written
   */
  public static ClusterCredentials open(Path dir, Clock clock) {
    Path crt = dir.resolve("ca.crt");
    Path key = dir.resolve("ca.key");
    try {
      SecureFiles.createDirectory(dir);
      boolean hasCrt = Files.exists(crt);
      boolean hasKey = Files.exists(key);
      CertificateAuthority ca;
      if (hasCrt && hasKey) {
        try {
          ca = CertificateAuthority.of(read(crt, key), clock);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("the cluster CA in " + dir + " is unusable: " + e.getMessage(), e);
        }
      } else if (!hasCrt && !hasKey) {
        ca = CertificateAuthority.create("ketch-ca@" + clock.instant().getEpochSecond(), clock);
        write(crt, key, ca.credential());
        log.info("minted cluster CA dir={} hash={} notAfter={}", dir, ca.hash(), ca.credential().notAfter());
      } else {
        throw new IllegalStateException(
            "the cluster CA in " + dir + " is incomplete: " + (hasCrt ? key : crt) + " is missing;"
                + " restore it, or remove the directory to start a new cluster identity");
      }
      return new ClusterCredentials(dir, clock, ca);
    } catch (IOException e) {
      throw Pem.unchecked("cannot use the credentials directory " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  public CertificateAuthority ca() {
    return ca;
  }

  public Path caCertificateFile() {
    return dir.resolve("ca.crt");
  }

  public Path servingCertificateFile() {
    return dir.resolve("apiserver.crt");
  }

  public Path servingKeyFile() {
    return dir.resolve("apiserver.key");
  }

  public Path clientCertificateFile(String name) {
    return dir.resolve("client-" + checkClientName(name) + ".crt");
  }

  public Path clientKeyFile(String name) {
    return dir.resolve("client-" + checkClientName(name) + ".key");
  }

  /**
   * The API server's serving certificate for exactly these names: the one on disk if it still
   * fits, else a new one (also written to disk).
   */
  public synchronized Credential serving(ServingNames wanted) {
    Path crt = servingCertificateFile();
    Path key = servingKeyFile();
    Credential existing = readIfPresent(crt, key);
    String why = existing == null ? "none on disk" : unusable(existing);
    if (why == null) {
      ServingNames has = ServingNames.ofCertificate(existing.certificate());
      if (has.equals(wanted)) {
        return existing;
      }
      why = "names changed from [" + has + "]";
    }
    Credential minted = ca.issueServing(SERVING_COMMON_NAME, wanted, VALIDITY);
    write(crt, key, minted);
    log.info("minted serving certificate reason=\"{}\" names={} notAfter={}", why, wanted, minted.notAfter());
    return minted;
  }

  /**
   * A client certificate kept as {@code client-NAME.crt/.key}: the one on disk if it still names
   * the same user and groups, else a new one.
   *
   * @param name the file name's stem, lower-case letters, digits, dots and dashes (e.g. admin)
   */
  public synchronized Credential client(String name, ClientIdentity identity) {
    Path crt = clientCertificateFile(name);
    Path key = clientKeyFile(name);
    Credential existing = readIfPresent(crt, key);
    String why = existing == null ? "none on disk" : unusable(existing);
    if (why == null && !existing.privateKey().getAlgorithm().equals("RSA")) {
      why = "key is " + existing.privateKey().getAlgorithm() + ", not the RSA every client reads";
    }
    if (why == null) {
      ClientIdentity has = identityOf(existing.certificate());
      if (has.equals(identity)) {
        return existing;
      }
      why = "identity changed from " + has;
    }
    Credential minted = ca.issueClient(identity, VALIDITY);
    write(crt, key, minted);
    log.info("minted client certificate name={} user={} groups={} reason=\"{}\"", name, identity.user(), identity.groups(), why);
    return minted;
  }

  /** The user (CN) and groups (O, in order) a certificate's subject names. */
  public static ClientIdentity identityOf(X509Certificate certificate) {
    return identityOf(certificate.getSubjectX500Principal());
  }

  /** The user (CN) and groups (O, in order) a subject names. */
  public static ClientIdentity identityOf(javax.security.auth.x500.X500Principal subject) {
    try {
      LdapName dn = new LdapName(subject.getName(javax.security.auth.x500.X500Principal.RFC2253));
      String cn = null;
      List<String> groups = new java.util.ArrayList<>();
      // LdapName lists RDNs from the last (most specific) to the first; the subject's order is the reverse.
      List<Rdn> rdns = new java.util.ArrayList<>(dn.getRdns());
      for (Rdn rdn : rdns) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = String.valueOf(rdn.getValue());
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(String.valueOf(rdn.getValue()));
        }
      }
      return new ClientIdentity(cn == null ? "" : cn, groups);
    } catch (InvalidNameException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable certificate subject: " + subject, e);
    }
  }

  private String unusable(Credential existing) {
    Instant now = clock.instant();
    if (!ca.signed(existing.certificate())) {
      return "not signed by the cluster CA";
    }
    if (!CertificateAuthority.Keys.matches(existing.certificate().getPublicKey(), existing.privateKey())) {
      return "key does not match certificate";
    }
    if (existing.notAfter().minus(RENEW_BEFORE).isBefore(now)) {
      return "expires " + existing.notAfter();
    }
    return null;
  }

  private Credential readIfPresent(Path crt, Path key) {
    if (!Files.exists(crt) || !Files.exists(key)) {
      return null;
    }
    try {
      Credential c = read(crt, key);
      return new Credential(c.certificate(), c.privateKey(), List.of(ca.certificate()));
    } catch (IOException | IllegalArgumentException e) {
      log.warn("unreadable credential file={} error=\"{}\"; minting a new one", crt, e.getMessage());
      return null;
    }
  }

  private static Credential read(Path crt, Path key) throws IOException {
    List<X509Certificate> certs = Pem.readCertificates(Files.readString(crt));
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(crt + " holds no certificate");
    }
    PrivateKey pk = Pem.readPrivateKey(Files.readString(key));
    return new Credential(certs.getFirst(), pk, certs.subList(1, certs.size()));
  }

  private static void write(Path crt, Path key, Credential credential) {
    try {
      // Key first: a crash in between leaves a certificate that does not match its key, which the
      // next start notices and re-mints, never a new certificate beside an old key.
      SecureFiles.write(key, Pem.bytes(credential.privateKeyPem()), SecureFiles.OWNER_ONLY);
      SecureFiles.write(crt, Pem.bytes(credential.certificatePem()), SecureFiles.PUBLIC);
    } catch (IOException e) {
      throw Pem.unchecked("cannot write " + crt, e);
    }
  }

  private static String checkClientName(String name) {
    if (!CLIENT_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a valid credential name (lower-case letters, digits, '.', '-')");
    }
    return name;
  }
}
