package dev.ketch.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;

class CaCertHashTest {

  private final CertificateAuthority ca = CertificateAuthority.create("test-ca", Clock.systemUTC());

  @Test
  void isTheSha256OfTheSubjectPublicKeyInfo() throws Exception {
    // Read the SubjectPublicKeyInfo out of the certificate's own ASN.1, independently of the JDK key.
    byte[] spki = new JcaX509CertificateHolder(ca.certificate()).getSubjectPublicKeyInfo().getEncoded();
    String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));

    assertThat(ca.hash().toString()).isEqualTo(expected).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void parsesWhatItPrintsAndMatchesOnlyItsCa() {
    CaCertHash hash = CaCertHash.parse(ca.hash().toString());

    assertThat(hash).isEqualTo(ca.hash());
    assertThat(hash.matches(ca.certificate())).isTrue();
    assertThat(hash.matches(CertificateAuthority.create("other", Clock.systemUTC()).certificate())).isFalse();
  }

  @Test
  void refusesMalformedHashes() {
    assertThatThrownBy(() -> CaCertHash.parse("md5:abcd")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CaCertHash.parse("sha256:xyz")).isInstanceOf(IllegalArgumentException.class);
  }
}
