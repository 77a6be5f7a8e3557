package dev.ketch.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The pin of a CA certificate as kubeadm join tokens carry it: {@code sha256:} followed by the
 * lower-case hex SHA-256 of the certificate's DER-encoded SubjectPublicKeyInfo. A joining machine
 * that knows the pin can trust a CA it fetched over an unauthenticated channel.
 *
 * @param hex the 64 lower-case hex digits
 */
public record CaCertHash(String hex) {

  private static final String PREFIX = "sha256:";

  public CaCertHash {
    hex = hex.toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a CA certificate hash is 64 hex digits, not '" + hex + "'");
    }
  }

  /** The pin of the certificate's public key. */
  public static CaCertHash of(X509Certificate certificate) {
    try {
      // getEncoded() of an X.509 public key is its SubjectPublicKeyInfo, the bytes kubeadm hashes.
      byte[] spki = certificate.getPublicKey().getEncoded();
      return new CaCertHash(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Reads {@code sha256:<hex>}. */
  public static CaCertHash parse(String text) {
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a CA certificate hash starts with 'sha256:', not '" + text + "'");
    }
    return new CaCertHash(text.substring(PREFIX.length()));
  }

  public boolean matches(X509Certificate certificate) {
    return equals(of(certificate));
  }

  @Override
  public String toString() {
    return PREFIX + hex;
  }
}
