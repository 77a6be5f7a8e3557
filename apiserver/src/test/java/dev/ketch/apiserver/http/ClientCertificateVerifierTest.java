package dev.ketch.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.pki.CertificateAuthority;
import dev.ketch.pki.ClientIdentity;
import dev.ketch.pki.Credential;
import dev.ketch.pki.ServingNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientCertificateVerifierTest {

  private final CertificateAuthority ca = TestServers.CA;
  private final ClientCertificateVerifier verifier = new ClientCertificateVerifier(List.of(ca.certificate()), Clock.systemUTC());

  @Test
  void readsTheUserFromTheCommonNameAndGroupsFromTheOrganizations() throws Exception {
    Credential c = ca.issueClient(new ClientIdentity("system:node:n1", List.of("system:nodes")), Duration.ofDays(1));

    assertThat(verifier.verify(List.of(c.certificate())))
        .isEqualTo(new UserInfo("system:node:n1", "", List.of("system:nodes"), UserInfo.Method.CLIENT_CERTIFICATE));
    assertThat(verifier.verify(c.chain()).name()).as("with the CA sent along").isEqualTo("system:node:n1");
  }

  @Test
  void refusesCertificatesOfOtherCas() {
    Credential foreign = CertificateAuthority.create("other", Clock.systemUTC()).issueClient(ClientIdentity.ADMIN, Duration.ofDays(1));

    assertThatThrownBy(() -> verifier.verify(foreign.chain())).isInstanceOf(ClientCertificateVerifier.InvalidCredentialsException.class);
  }

  @Test
  void refusesExpiredAndNotYetValidCertificates() {
    Credential c = ca.issueClient(ClientIdentity.ADMIN, Duration.ofDays(1));
    ClientCertificateVerifier later =
        new ClientCertificateVerifier(List.of(ca.certificate()), Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC));
    ClientCertificateVerifier earlier =
        new ClientCertificateVerifier(List.of(ca.certificate()), Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));

    assertThatThrownBy(() -> later.verify(c.chain())).hasMessageContaining("x509");
    assertThatThrownBy(() -> earlier.verify(c.chain())).hasMessageContaining("x509");
  }

  @Test
  void refusesServingCertificatesAndTheCaItself() {
    Credential serving = ca.issueServing("server", ServingNames.of(List.of("localhost")), Duration.ofDays(1));

    assertThatThrownBy(() -> verifier.verify(serving.chain())).hasMessageContaining("not for client authentication");
    assertThatThrownBy(() -> verifier.verify(List.of(ca.certificate()))).hasMessageContaining("CA certificate");
  }

  @Test
  void aCertificateVerifiedOnceIsRefusedOnceItExpires() throws Exception {
    Credential c = ca.issueClient(ClientIdentity.ADMIN, Duration.ofDays(1));
    Instant[] now = {Instant.now()};
    Clock moving = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    ClientCertificateVerifier cached = new ClientCertificateVerifier(List.of(ca.certificate()), moving);
    assertThat(cached.verify(c.chain()).name()).isEqualTo(ClientIdentity.ADMIN.user());
    assertThat(cached.verify(c.chain()).name()).isEqualTo(ClientIdentity.ADMIN.user());
    now[0] = now[0].plus(Duration.ofDays(2));
    assertThatThrownBy(() -> cached.verify(c.chain())).isInstanceOf(ClientCertificateVerifier.InvalidCredentialsException.class);
  }
}
