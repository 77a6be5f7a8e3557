package dev.ketch.kubelet.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import dev.ketch.pki.CaCertHash;
import dev.ketch.pki.CertificateRequests;
import dev.ketch.pki.ClusterCredentials;
import dev.ketch.pki.Credential;
import dev.ketch.pki.JoinToken;
import dev.ketch.pki.Kubeconfig;
import dev.ketch.pki.NodeBootstrapProtocol;
import dev.ketch.pki.Pem;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins this machine to a cluster with a {@link JoinToken}, as kubeadm's token discovery and the
 * kubelet's TLS bootstrap do together ({@link NodeBootstrapProtocol}):
 *
 * <ol>
 *   <li>fetch the cluster CA over TLS that trusts nothing yet, and refuse to go on unless its hash
 *       is the one in the token (so a server in the middle learns nothing: the secret is not sent);
 *   <li>over TLS verified against that CA (host name included), send the token's credential with a
 *       certificate request for a new key of this node's own ({@code CN=system:node:<name>,
 *       O=system:nodes}); the key never leaves the machine;
 *   <li>write a kubeconfig with the CA, the certificate and the key to the agent's data directory
 *       (owner-only).
 * </ol>
 *
 * A kubeconfig already there is reused on restart while it is for the same server and node and its
 * certificate has more than a day left; the token is then not used at all. Stateless; blocks on the
 * network.
 */
public final class TlsBootstrap {

  private static final Logger log = LoggerFactory.getLogger(TlsBootstrap.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private TlsBootstrap() {}

  /**
   * The kubeconfig of node {@code nodeName} in {@code dataDir}, joining with the token first if
   * there is no usable one.
   *
   * @param server the API server's URL, {@code https://host:port}
   * @throws JoinException when the server cannot be reached, is not the token's cluster, or refuses
   */
  public static Path kubeconfig(URI server, JoinToken token, String nodeName, Path dataDir, Clock clock) {
    Path file = dataDir.resolve("kubeconfig");
    String whyNot = whyNotReusable(file, server, nodeName, clock);
    if (whyNot == null) {
      log.info("reusing node credentials file={} node={}", file, nodeName);
      return file;
    }
    log.info("joining cluster server={} node={} reason=\"{}\"", server, nodeName, whyNot);
    X509Certificate ca = pinnedCa(server, token.caHash());
    KeyPair keys = CertificateRequests.newClientKeyPair();
    String csr = CertificateRequests.create(NodeBootstrapProtocol.nodeIdentity(nodeName), keys);
    X509Certificate cert = requestCertificate(server, ca, token, nodeName, csr);
    if (!cert.getPublicKey().equals(keys.getPublic())) {
      throw new JoinException("the server answered a certificate for another key");
    }
    Credential credential = new Credential(cert, keys.getPrivate(), List.of(ca));
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new JoinException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
    }
    Kubeconfig.withClientCertificate(base(server), ca, credential).writeTo(file);
    log.info("joined cluster server={} node={} kubeconfig={} notAfter={}", server, nodeName, file,
        cert.getNotAfter().toInstant());
    return file;
  }

  /** Why the kubeconfig on disk cannot be used, or null if it can. */
  static String whyNotReusable(Path file, URI server, String nodeName, Clock clock) {
    if (!Files.isReadable(file)) {
      return "no credentials yet";
    }
    try {
      Config config = Config.fromKubeconfig(null, Files.readString(file), file.toString());
      if (!trimSlash(config.getMasterUrl()).equals(base(server))) {
        return "credentials are for " + config.getMasterUrl();
      }
      String data = config.getClientCertData();
      if (data == null) {
        return "credentials hold no client certificate";
      }
      X509Certificate cert = Pem.readCertificates(new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII))
          .getFirst();
      String user = ClusterCredentials.identityOf(cert).user();
      if (!user.equals(NodeBootstrapProtocol.NODE_USER_PREFIX + nodeName)) {
        return "credentials are for " + user;
      }
      if (cert.getNotAfter().toInstant().isBefore(clock.instant().plus(Duration.ofDays(1)))) {
        return "certificate expires " + cert.getNotAfter().toInstant();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "credentials unreadable: " + e.getMessage();
    }
  }

  /** Step 1: the CA, fetched without trusting anyone, accepted only if it is the token's. */
  static X509Certificate pinnedCa(URI server, CaCertHash pin) {
    HttpClient insecure = HttpClient.newBuilder().sslContext(TrustNothingYet.context()).connectTimeout(TIMEOUT).build();
    String pem;
    try (insecure) {
      HttpResponse<String> r = insecure.send(HttpRequest.newBuilder(server.resolve(NodeBootstrapProtocol.CA_PATH))
          .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new JoinException("the server at " + base(server) + " answered " + r.statusCode() + " for its CA; is it a Ketch server?");
      }
      pem = r.body();
    } catch (IOException e) {
      throw new JoinException("cannot reach the server at " + base(server) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JoinException("interrupted while joining", e);
    }
    List<X509Certificate> certs;
    try {
      certs = Pem.readCertificates(pem);
    } catch (RuntimeException e) {
      throw new JoinException("the server at " + base(server) + " sent no readable CA certificate", e);
    }
    if (certs.isEmpty()) {
      throw new JoinException("the server at " + base(server) + " sent no CA certificate");
    }
    X509Certificate ca = certs.getFirst();
    CaCertHash actual = CaCertHash.of(ca);
    if (!actual.equals(pin)) {
      throw new JoinException("refusing to join: the server's CA hash is " + actual + " but the token pins " + pin
          + "; the token is not for this server, or someone is in between");
    }
    return ca;
  }

  /** Step 2: the certificate, over TLS verified against the pinned CA. */
  private static X509Certificate requestCertificate(URI server, X509Certificate ca, JoinToken token, String nodeName,
      String csr) {
    HttpClient pinned = HttpClient.newBuilder().sslContext(trusting(ca)).connectTimeout(TIMEOUT).build();
    try (pinned) {
      String body = JSON.writeValueAsString(Map.of("nodeName", nodeName, "csr", csr));
      HttpResponse<String> r = pinned.send(HttpRequest.newBuilder(server.resolve(NodeBootstrapProtocol.CREDENTIALS_PATH))
          .timeout(TIMEOUT).header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + token.credential())
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        String message = statusMessage(r.body());
        throw new JoinException(switch (r.statusCode()) {
          case 401 -> "the server refused the join token (401 Unauthorized): print the cluster's token with 'ketch token' on the server";
          case 429 -> "the server refused to answer so often (429): " + message;
          default -> "the server refused the node credentials request (" + r.statusCode() + "): " + message;
        });
      }
      JsonNode answer = JSON.readTree(r.body());
      return Pem.readCertificates(answer.path("certificate").asText()).getFirst();
    } catch (SSLException e) {
      throw new JoinException("the server at " + base(server) + " does not present a certificate of the pinned CA for this"
          + " address (" + e.getMessage() + "); join with an address it has a certificate for (ketch server --tls-san)", e);
    } catch (IOException e) {
      throw new JoinException("cannot reach the server at " + base(server) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JoinException("interrupted while joining", e);
    } catch (RuntimeException e) {
      if (e instanceof JoinException je) {
        throw je;
      }
      throw new JoinException("the server's answer is unreadable: " + e.getMessage(), e);
    }
  }

  private static String statusMessage(String body) {
    try {
      return JSON.readTree(body).path("message").asText(body);
    } catch (IOException e) {
      return body;
    }
  }

  private static SSLContext trusting(X509Certificate ca) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("cluster-ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static String base(URI server) {
    return trimSlash(server.toString());
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Accepts any server for the one request that fetches the CA, whose answer is checked by hash. */
  private static final class TrustNothingYet extends X509ExtendedTrustManager {
    static SSLContext context() {
      try {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new TrustNothingYet()}, null);
        return ssl;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
