package dev.ketch.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCredentialsTest {

  @TempDir Path tmp;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  @Test
  void mintsACaValidForTenYearsAndKeepsItsKeyOwnerOnly() throws Exception {
    Path dir = tmp.resolve("tls");
    ClusterCredentials creds = ClusterCredentials.open(dir, clock);

    X509Certificate ca = creds.ca().certificate();
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
    ca.verify(ca.getPublicKey());
    assertThat(Duration.between(clock.instant(), ca.getNotAfter().toInstant())).isGreaterThanOrEqualTo(Duration.ofDays(3650));
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(Files.readString(dir.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Files.readString(dir.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void reusesEverythingAcrossRestarts() {
    ClusterCredentials first = ClusterCredentials.open(tmp, clock);
    ServingNames names = ServingNames.of(List.of("localhost", "127.0.0.1"));
    Credential serving = first.serving(names);
    Credential admin = first.client("admin", ClientIdentity.ADMIN);

    clock.advance(Duration.ofDays(30));
    ClusterCredentials second = ClusterCredentials.open(tmp, clock);

    assertThat(second.ca().certificate()).isEqualTo(first.ca().certificate());
    assertThat(second.serving(names).certificate()).isEqualTo(serving.certificate());
    assertThat(second.client("admin", ClientIdentity.ADMIN).certificate()).isEqualTo(admin.certificate());
  }

  @Test
  void servingCertificateCarriesTheNamesAndServerAuth() throws Exception {
    ClusterCredentials creds = ClusterCredentials.open(tmp, clock);
    ServingNames names = ServingNames.of(List.of("localhost", "kubernetes.default.svc", "127.0.0.1", "::1", "10.43.0.1"));

    Credential serving = creds.serving(names);

    X509Certificate cert = serving.certificate();
    cert.verify(creds.ca().certificate().getPublicKey());
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(ServingNames.ofCertificate(cert)).isEqualTo(names);
    assertThat(cert.getSubjectAlternativeNames())
        .contains(List.of(2, "kubernetes.default.svc"), List.of(7, "10.43.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(Duration.between(clock.instant(), serving.notAfter())).isEqualTo(ClusterCredentials.VALIDITY);
    assertThat(serving.chain()).containsExactly(cert, creds.ca().certificate());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.servingKeyFile()))).isEqualTo("rw-------");
  }

  @Test
  void servingCertificateIsMintedAnewWhenTheNamesChange() {
    ClusterCredentials creds = ClusterCredentials.open(tmp, clock);
    Credential before = creds.serving(ServingNames.of(List.of("localhost")));

    Credential after = creds.serving(ServingNames.of(List.of("localhost", "api.example.com")));

    assertThat(after.certificate()).isNotEqualTo(before.certificate());
    assertThat(ServingNames.ofCertificate(after.certificate()).dnsNames()).containsExactly("api.example.com", "localhost");
    assertThat(ClusterCredentials.open(tmp, clock).serving(ServingNames.of(List.of("localhost", "api.example.com"))).certificate())
        .isEqualTo(after.certificate());
  }

  @Test
  void certificatesAreMintedAnewWhenExpiryNears() {
    ClusterCredentials creds = ClusterCredentials.open(tmp, clock);
    ServingNames names = ServingNames.of(List.of("localhost"));
    Credential serving = creds.serving(names);
    Credential admin = creds.client("admin", ClientIdentity.ADMIN);

    clock.advance(ClusterCredentials.VALIDITY.minus(ClusterCredentials.RENEW_BEFORE).minusDays(1));
    assertThat(creds.serving(names).certificate()).isEqualTo(serving.certificate());

    clock.advance(Duration.ofDays(2));
    assertThat(creds.serving(names).certificate()).isNotEqualTo(serving.certificate());
    assertThat(creds.client("admin", ClientIdentity.ADMIN).certificate()).isNotEqualTo(admin.certificate());
  }

  @Test
  void certificatesOfAnotherCaAreReplaced() throws Exception {
    ClusterCredentials creds = ClusterCredentials.open(tmp.resolve("a"), clock);
    ClusterCredentials other = ClusterCredentials.open(tmp.resolve("b"), clock);
    other.serving(ServingNames.of(List.of("localhost")));
    Files.copy(other.servingCertificateFile(), creds.servingCertificateFile());
    Files.copy(other.servingKeyFile(), creds.servingKeyFile());

    Credential serving = creds.serving(ServingNames.of(List.of("localhost")));

    assertThat(creds.ca().signed(serving.certificate())).isTrue();
  }

  @Test
  void clientCertificateNamesTheUserAndGroups() throws Exception {
    ClusterCredentials creds = ClusterCredentials.open(tmp, clock);
    ClientIdentity node = new ClientIdentity("system:node:worker-1", List.of("system:nodes", "ketch:agents"));

    Credential client = creds.client("node-worker-1", node);

    X509Certificate cert = client.certificate();
    cert.verify(creds.ca().certificate().getPublicKey());
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(ClusterCredentials.identityOf(cert)).isEqualTo(node);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:worker-1,O=ketch:agents,O=system:nodes");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.clientKeyFile("node-worker-1"))))
        .isEqualTo("rw-------");

    Credential regrouped = creds.client("node-worker-1", new ClientIdentity("system:node:worker-1", List.of("system:nodes")));
    assertThat(regrouped.certificate()).isNotEqualTo(cert);
  }

  @Test
  void anIncompleteCaIsRefusedRatherThanReplaced() throws Exception {
    ClusterCredentials.open(tmp, clock);
    Files.delete(tmp.resolve("ca.key"));

    assertThatThrownBy(() -> ClusterCredentials.open(tmp, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("incomplete")
        .hasMessageContaining("ca.key");
  }

  @Test
  void aCaKeyThatDoesNotMatchItsCertificateIsRefused() throws Exception {
    ClusterCredentials.open(tmp.resolve("a"), clock);
    ClusterCredentials.open(tmp.resolve("b"), clock);
    Files.copy(tmp.resolve("b/ca.key"), tmp.resolve("a/ca.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> ClusterCredentials.open(tmp.resolve("a"), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not belong");
  }

  @Test
  void invalidClientNamesAreRefused() {
    ClusterCredentials creds = ClusterCredentials.open(tmp, Clock.systemUTC());
    assertThatThrownBy(() -> creds.client("../etc", ClientIdentity.ADMIN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void servingNamesOfThisMachineIncludeLoopbackAndTheKubernetesService() throws Exception {
    ServingNames names = ServingNames.forThisMachine(ServingNames.DEFAULT_SERVICE_CIDR, List.of("ketch.example.com", "192.0.2.7"));

    assertThat(names.dnsNames())
        .contains("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
            "kubernetes.default.svc.cluster.local", "ketch.example.com");
    assertThat(names.ipAddresses())
        .contains(InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1"), InetAddress.ofLiteral("10.43.0.1"),
            InetAddress.ofLiteral("192.0.2.7"));
    assertThat(names.ipAddresses()).noneMatch(InetAddress::isLinkLocalAddress);
  }

  @Test
  void clientCertificatesHaveRsaKeysThatEveryClientReads() {
    ClusterCredentials credentials = ClusterCredentials.open(tmp.resolve("tls"), clock);
    Credential admin = credentials.client("admin", ClientIdentity.ADMIN);
    assertThat(admin.privateKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(admin.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(credentials.client("admin", ClientIdentity.ADMIN).certificate()).isEqualTo(admin.certificate());
  }
}
