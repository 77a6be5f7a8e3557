package dev.ketch.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that signs the cluster's serving and client certificates. Keys are ECDSA
 * on P-256, signatures SHA-256 with ECDSA, which every client of the API (Go's crypto/tls, the JDK,
 * OpenSSL) accepts. Certificates start a few minutes in the past so that a peer whose clock lags a
 * little still accepts them.
 *
 * <p>Uses only the JDK's security providers: BouncyCastle builds the certificates but is never
 * registered as a provider. Immutable and thread-safe.
 */
public final class CertificateAuthority {

  /** How long a freshly minted CA is valid. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);

  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Credential credential;
  private final Clock clock;

  private CertificateAuthority(Credential credential, Clock clock) {
    this.credential = credential;
    this.clock = clock;
  }

  /** A new self-signed CA named {@code commonName}, valid for {@link #CA_VALIDITY}. */
  public static CertificateAuthority create(String commonName, Clock clock) {
    KeyPair keys = newKeyPair();
    Instant now = clock.instant();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate cert = sign(b, keys.getPrivate());
      return new CertificateAuthority(new Credential(cert, keys.getPrivate(), List.of()), clock);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("minting a CA failed: " + e.getMessage(), e);
    }
  }

  /**
   * A CA from its certificate and key, e.g. as read from disk.
   *
   * @throws IllegalArgumentException when the certificate is no CA or the key does not match it
   */
  public static CertificateAuthority of(Credential credential, Clock clock) {
    X509Certificate cert = credential.certificate();
    if (cert.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("not a CA certificate: " + cert.getSubjectX500Principal());
    }
    if (!Keys.matches(cert.getPublicKey(), credential.privateKey())) {
      throw new IllegalArgumentException("the CA key does not belong to the CA certificate " + cert.getSubjectX500Principal());
    }
    return new CertificateAuthority(credential, clock);
  }

  public X509Certificate certificate() {
    return credential.certificate();
  }

  /** The CA's certificate and key, to be kept secret. */
  public Credential credential() {
    return credential;
  }

  /** The pin of this CA for join tokens. */
  public CaCertHash hash() {
    return CaCertHash.of(certificate());
  }

  /** Whether this CA signed {@code certificate}. */
  public boolean signed(X509Certificate certificate) {
    if (!certificate.getIssuerX500Principal().equals(certificate().getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(certificate().getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * A serving certificate for TLS servers: extended key usage serverAuth, the names as subject
   * alternative names (clients check those, never the common name). Never valid past the CA.
   */
  public Credential issueServing(String commonName, ServingNames names, Duration validity) {
    List<GeneralName> sans = new ArrayList<>();
    names.dnsNames().forEach(n -> sans.add(new GeneralName(GeneralName.dNSName, n)));
    names.ipAddresses().stream()
        .map(InetAddress::getHostAddress)
        .forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    return issue(subject, KeyPurposeId.id_kp_serverAuth, new GeneralNames(sans.toArray(GeneralName[]::new)), validity);
  }

  /**
   * A client certificate: extended key usage clientAuth, CN the user, one O per group. Its key is
   * RSA, which every Kubernetes client reads from a kubeconfig out of the box (the fabric8 client,
   * for one, reads EC keys only when BouncyCastle is on the application's class path).
   */
  public Credential issueClient(ClientIdentity identity, Duration validity) {
    X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
    for (String group : identity.groups()) {
      nb.addRDN(BCStyle.O, group);
    }
    nb.addRDN(BCStyle.CN, identity.user());
    return issue(nb.build(), KeyPurposeId.id_kp_clientAuth, null, validity, newRsaKeyPair());
  }

  /**
   * A client certificate for a key the CA never sees (from a certificate request): as {@link
   * #issueClient(ClientIdentity, Duration)}, but for {@code publicKey}.
   */
  public X509Certificate signClient(ClientIdentity identity, PublicKey publicKey, Duration validity) {
    X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
    for (String group : identity.groups()) {
      nb.addRDN(BCStyle.O, group);
    }
    nb.addRDN(BCStyle.CN, identity.user());
    return sign(nb.build(), KeyPurposeId.id_kp_clientAuth, null, validity, publicKey);
  }

  private Credential issue(X500Name subject, KeyPurposeId purpose, GeneralNames sans, Duration validity) {
    return issue(subject, purpose, sans, validity, newKeyPair());
  }

  private Credential issue(X500Name subject, KeyPurposeId purpose, GeneralNames sans, Duration validity, KeyPair keys) {
    return new Credential(sign(subject, purpose, sans, validity, keys.getPublic()), keys.getPrivate(), List.of(certificate()));
  }

  private X509Certificate sign(X500Name subject, KeyPurposeId purpose, GeneralNames sans, Duration validity, PublicKey key) {
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    Instant caNotAfter = certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  certificate(), serial(), Date.from(now.minus(BACKDATE)), Date.from(notAfter), x500(subject), key)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(
                  key.getAlgorithm().equals("RSA") ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
              .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate()))
              .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
      if (sans != null) {
        b.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      return sign(b, credential.privateKey());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("issuing a certificate for " + subject + " failed: " + e.getMessage(), e);
    }
  }

  private static X500Principal x500(X500Name name) {
    try {
      return new X500Principal(name.getEncoded());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
    try {
      ContentSigner cs = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
      return new JcaX509CertificateConverter().getCertificate(builder.build(cs));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 is missing from this JDK", e);
    }
  }

  static KeyPair newRsaKeyPair() {
    return RsaKeys.take();
  }

  private static BigInteger serial() {
    // 127 random bits: positive, unique, and within the 20 bytes RFC 5280 allows.
    return new BigInteger(127, RANDOM).setBit(126);
  }

  /** Key checks shared by the loaders. */
  static final class Keys {
    private Keys() {}

    /** Whether the private key belongs to the public key, by signing and verifying a probe. */
    static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
      if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
        return false;
      }
      try {
        String alg = switch (publicKey.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> throw new IllegalArgumentException("unsupported key algorithm " + publicKey.getAlgorithm());
        };
        byte[] probe = "ketch key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.security.Signature s = java.security.Signature.getInstance(alg);
        s.initSign(privateKey);
        s.update(probe);
        byte[] sig = s.sign();
        java.security.Signature v = java.security.Signature.getInstance(alg);
        v.initVerify(publicKey);
        v.update(probe);
        return v.verify(sig);
      } catch (GeneralSecurityException e) {
        return false;
      }
    }
  }
}
