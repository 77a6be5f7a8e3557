package dev.ketch.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CertificateRequestsTest {

  @Test
  void aNodesRequestIsReadBackAndSignedForItsOwnKey() throws Exception {
    KeyPair keys = CertificateRequests.newClientKeyPair();
    String pem = CertificateRequests.create(NodeBootstrapProtocol.nodeIdentity("worker-1"), keys);

    CertificateRequests.Request request = CertificateRequests.read(pem);
    assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
    assertThat(request.identity()).isEqualTo(new ClientIdentity("system:node:worker-1", java.util.List.of("system:nodes")));
    assertThat(request.publicKey()).isEqualTo(keys.getPublic());

    CertificateAuthority ca = CertificateAuthority.create("test-ca", Clock.systemUTC());
    X509Certificate cert = ca.signClient(request.identity(), request.publicKey(), Duration.ofDays(1));
    assertThat(ca.signed(cert)).isTrue();
    assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(ClusterCredentials.identityOf(cert)).isEqualTo(request.identity());
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
  }

  @Test
  void aRequestSignedByAnotherKeyOrNoRequestAtAllIsRefused() {
    KeyPair keys = CertificateRequests.newClientKeyPair();
    String pem = CertificateRequests.create(NodeBootstrapProtocol.nodeIdentity("n"), keys);
    String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    byte[] der = java.util.Base64.getDecoder().decode(body);
    der[der.length - 5] ^= 0x01; // a bit of the signature
    String tampered = "-----BEGIN CERTIFICATE REQUEST-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END CERTIFICATE REQUEST-----\n";

    assertThatThrownBy(() -> CertificateRequests.read(tampered)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateRequests.read("hello")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateRequests.read(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
