package dev.ketch.apiserver.http;

import dev.ketch.pki.ClientIdentity;
import dev.ketch.pki.ClusterCredentials;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies client certificate chains against the client CAs and reads the user from the leaf: CN
 * the user name, each O a group, as kube-apiserver's x509 authenticator. TLS itself accepts any
 * certificate (the client still proves it holds the key), so that a bad one is answered with a
 * 401 Status like kube-apiserver's rather than a failed handshake. Immutable and thread-safe.
 */
final class ClientCertificateVerifier {

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_USAGE = "2.5.29.37.0";

  private final List<X509Certificate> cas;
  private final Set<TrustAnchor> anchors;
  private final Clock clock;

  ClientCertificateVerifier(List<X509Certificate> cas, Clock clock) {
    this.cas = List.copyOf(cas);
    this.anchors = new HashSet<>();
    cas.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
    this.clock = clock;
  }

  private static final int MAX_CACHED = 1024;
  private final java.util.concurrent.ConcurrentHashMap<X509Certificate, UserInfo> verified =
      new java.util.concurrent.ConcurrentHashMap<>();

  List<X509Certificate> cas() {
    return cas;
  }

  /**
   * The user of a chain that a client CA vouches for, now, for client authentication.
   *
   * @throws InvalidCredentialsException naming why not
   */
  UserInfo verify(List<X509Certificate> chain) throws InvalidCredentialsException {
    if (anchors.isEmpty()) {
      throw new InvalidCredentialsException("no client CA is configured");
    }
    X509Certificate leaf = chain.getFirst();
    // A chain that validated once stays valid as long as its leaf is within its validity period:
    // the CAs do not change while the server runs, and revocation is not checked.
    UserInfo known = verified.get(leaf);
    if (known != null && withinValidity(leaf)) {
      return known;
    }
    UserInfo user = verifyChain(chain, leaf);
    if (verified.size() >= MAX_CACHED) {
      verified.clear();
    }
    verified.put(leaf, user);
    return user;
  }

  private boolean withinValidity(X509Certificate leaf) {
    Date now = Date.from(clock.instant());
    return !now.before(leaf.getNotBefore()) && !now.after(leaf.getNotAfter());
  }

  private UserInfo verifyChain(List<X509Certificate> chain, X509Certificate leaf) throws InvalidCredentialsException {
    try {
      List<X509Certificate> path = new ArrayList<>();
      for (X509Certificate c : chain) {
        // The CA itself may come along; the path ends below it.
        if (!cas.contains(c)) {
          path.add(c);
        }
      }
      if (path.isEmpty()) {
        throw new InvalidCredentialsException("a CA certificate is no client certificate");
      }
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(clock.instant()));
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      List<String> usages = leaf.getExtendedKeyUsage();
      if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
        throw new InvalidCredentialsException("the certificate is not for client authentication");
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidCredentialsException("x509: " + e.getMessage());
    }
    ClientIdentity identity;
    try {
      identity = ClusterCredentials.identityOf(leaf);
    } catch (IllegalArgumentException e) {
      throw new InvalidCredentialsException("unreadable subject: " + e.getMessage());
    }
    if (identity.user().isEmpty()) {
      throw new InvalidCredentialsException("common name of the client certificate is empty");
    }
    return new UserInfo(identity.user(), "", identity.groups(), UserInfo.Method.CLIENT_CERTIFICATE);
  }

  /** Credentials were presented but are not good. */
  static final class InvalidCredentialsException extends Exception {
    InvalidCredentialsException(String message) {
      super(message, null, false, false);
    }
  }
}
