package dev.ketch.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate with its private key: what a server presents or a client authenticates with.
 *
 * @param certificate the leaf certificate
 * @param privateKey the key of the certificate's public key
 * @param issuers the certificates above the leaf up to and including the CA, nearest first
 */
public record Credential(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> issuers) {

  public Credential {
    issuers = List.copyOf(issuers);
  }

  /** The leaf followed by its issuers, as a TLS peer sends it. */
  public List<X509Certificate> chain() {
    var chain = new java.util.ArrayList<X509Certificate>(issuers.size() + 1);
    chain.add(certificate);
    chain.addAll(issuers);
    return List.copyOf(chain);
  }

  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  public String privateKeyPem() {
    return Pem.privateKey(privateKey);
  }

  @Override
  public String toString() {
    // Never the key.
    return "Credential[" + certificate.getSubjectX500Principal().getName() + ", notAfter=" + notAfter() + "]";
  }
}
