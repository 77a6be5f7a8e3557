package dev.ketch.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

class PemTest {

  private final CertificateAuthority ca = CertificateAuthority.create("ca", Clock.systemUTC());

  @Test
  void roundTripsCertificateChainsAndPkcs8Keys() {
    Credential c = ca.issueClient(ClientIdentity.ADMIN, java.time.Duration.ofDays(1));

    assertThat(Pem.readCertificates(Pem.certificates(c.chain()))).containsExactlyElementsOf(c.chain());
    assertThat(Pem.readPrivateKey(c.privateKeyPem())).isEqualTo(c.privateKey());
    assertThat(c.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void readsTraditionalEcKeys() throws Exception {
    // Serving certificates have EC keys.
    Credential c = ca.issueServing("server", ServingNames.of(java.util.List.of("localhost")), java.time.Duration.ofDays(1));
    // SEC1 as Go and OpenSSL write it: the curve named inside the key structure.
    java.math.BigInteger d = ((java.security.interfaces.ECPrivateKey) c.privateKey()).getS();
    byte[] der =
        new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, new org.bouncycastle.asn1.x9.X962Parameters(
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1))
            .getEncoded();
    StringWriter sec1 = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sec1)) {
      w.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", der));
    }

    assertThat(sec1.toString()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(((java.security.interfaces.ECPrivateKey) Pem.readPrivateKey(sec1.toString())).getS()).isEqualTo(d);
  }

  @Test
  void refusesTextWithoutAKey() {
    assertThatThrownBy(() -> Pem.readPrivateKey(Pem.certificate(ca.certificate()))).isInstanceOf(IllegalArgumentException.class);
    assertThat(Pem.readCertificates("nothing here")).isEqualTo(List.of());
  }
}
