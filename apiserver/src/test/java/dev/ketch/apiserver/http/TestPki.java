package dev.ketch.apiserver.http;

import dev.ketch.pki.ClientIdentity;
import dev.ketch.pki.ClusterCredentials;
import dev.ketch.pki.Credential;
import dev.ketch.pki.ServingNames;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Freshly minted credentials for a test server and its clients. */
final class TestPki {

  static final ClientIdentity ALICE = new ClientIdentity("alice", List.of("testers", "readers"));

  final ClusterCredentials credentials;
  final Credential serving;
  final Credential admin;
  final Credential alice;
  /** A client certificate of a CA the server does not trust. */
  final Credential foreign;

  private TestPki(Path dir) {
    credentials = ClusterCredentials.open(dir.resolve("tls"), Clock.systemUTC());
    serving = credentials.serving(ServingNames.forThisMachine(ServingNames.DEFAULT_SERVICE_CIDR, List.of()));
    admin = credentials.client("admin", ClientIdentity.ADMIN);
    alice = credentials.client("alice", ALICE);
    foreign = ClusterCredentials.open(dir.resolve("foreign"), Clock.systemUTC()).client("admin", ClientIdentity.ADMIN);
  }

  static TestPki create(Path dir) {
    return new TestPki(dir);
  }

  X509Certificate ca() {
    return credentials.ca().certificate();
  }

  /** The server's defaults on a free loopback port, with two network threads. */
  HttpServerConfig config() {
    return HttpServerConfig.of(new InetSocketAddress("127.0.0.1", 0), serving, List.of(ca())).withIoThreads(2);
  }

  /** A client TLS context that trusts the cluster CA and presents {@code client} (or nothing). */
  SSLContext sslContext(Credential client) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    char[] password = "test".toCharArray();
    if (client != null) {
      keys.setKeyEntry("client", client.privateKey(), password, client.chain().toArray(X509Certificate[]::new));
    }
    kmf.init(keys, password);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
