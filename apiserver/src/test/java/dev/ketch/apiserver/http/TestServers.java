package dev.ketch.apiserver.http;

import dev.ketch.pki.CertificateAuthority;
import dev.ketch.pki.ClientIdentity;
import dev.ketch.pki.Credential;
import dev.ketch.pki.ServingNames;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Server contexts for handler tests on EmbeddedChannels: requests served on the calling thread. */
final class TestServers {

  static final CertificateAuthority CA = CertificateAuthority.create("test-ca", Clock.systemUTC());
  static final Credential SERVING = CA.issueServing("test", ServingNames.of(List.of("localhost")), Duration.ofDays(1));
  static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 40000);

  private TestServers() {}

  static HttpServerConfig config() {
    return HttpServerConfig.of(new InetSocketAddress("127.0.0.1", 0), SERVING, List.of(CA.certificate()))
        .withTokens(StaticTokenFile.parse("token-1,tester,u1,testers\n", "test"));
  }

  /** Runs each request synchronously, inside the channel's read: deterministic on an EmbeddedChannel. */
  static ServerContext context(HttpServerConfig config, ApiHandler handler) {
    return new ServerContext(config, handler, Runnable::run);
  }

  static Credential clientCertificate(ClientIdentity identity) {
    return CA.issueClient(identity, Duration.ofDays(1));
  }

  static ConnectionInfo connection(HttpProtocol protocol, Credential client) {
    return new ConnectionInfo(CLIENT, client == null ? List.of() : client.chain(), protocol);
  }

}
