package dev.ketch.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 certificate signing requests in PEM, as a kubelet sends one to be certified: the
 * requester keeps its private key and sends its public key with the identity it asks for, signed
 * with that key. Stateless.
 */
public final class CertificateRequests {

  private CertificateRequests() {}

  /** What a request asks for, once its signature has been checked. */
  public record Request(ClientIdentity identity, PublicKey publicKey) {}

  /** A new RSA key pair for a client (RSA is what every client reads from a kubeconfig). */
  public static KeyPair newClientKeyPair() {
    return CertificateAuthority.newRsaKeyPair();
  }

  /** A request for {@code identity}, signed with {@code keys}, as PEM. */
  public static String create(ClientIdentity identity, KeyPair keys) {
    X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
    for (String group : identity.groups()) {
      nb.addRDN(BCStyle.O, group);
    }
    nb.addRDN(BCStyle.CN, identity.user());
    try {
      String alg = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      ContentSigner signer = new JcaContentSignerBuilder(alg).build(keys.getPrivate());
      PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(nb.build(), keys.getPublic()).build(signer);
      StringWriter out = new StringWriter();
      try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(csr);
      }
      return out.toString();
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot create a certificate request: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a request and checks that it is signed by the key it carries.
   *
   * @throws IllegalArgumentException when it is not one PEM request, or its signature is wrong
   */
  public static Request read(String pem) {
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      parsed = parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a PEM certificate request: " + e.getMessage(), e);
    }
    if (!(parsed instanceof PKCS10CertificationRequest csr)) {
      throw new IllegalArgumentException("not a PEM certificate request (CERTIFICATE REQUEST block)");
    }
    try {
      JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(csr);
      PublicKey key = jca.getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new IllegalArgumentException("the certificate request's signature does not match its key");
      }
      javax.security.auth.x500.X500Principal subject = new javax.security.auth.x500.X500Principal(csr.getSubject().getEncoded());
      return new Request(ClusterCredentials.identityOf(subject), key);
    } catch (GeneralSecurityException | OperatorCreationException | PKCSException | IOException e) {
      throw new IllegalArgumentException("unreadable certificate request: " + e.getMessage(), e);
    }
  }
}
