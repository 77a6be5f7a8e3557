package dev.ketch.apiserver.kubelet;

import dev.ketch.pki.Credential;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS towards kubelets: the API server presents its kubelet client certificate ({@code
 * kube-apiserver-kubelet-client}) and, as upstream without {@code --kubelet-certificate-authority},
 * does not verify the kubelet's own certificate (docs/decisions/kubelet-server.md). Immutable.
 */
public final class KubeletConnections {

  private final SslContext netty;
  private final SSLContext jdk;

  public KubeletConnections(Credential client) {
    try {
      this.netty = SslContextBuilder.forClient().keyManager(client.privateKey(), client.chain())
          .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = new char[0];
      keys.setKeyEntry("client", client.privateKey(), password, client.chain().toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      this.jdk = SSLContext.getInstance("TLS");
      jdk.init(kmf.getKeyManagers(), new TrustManager[] {new AnyServer()}, null);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up TLS towards kubelets: " + e.getMessage(), e);
    }
  }

  SslContext netty() {
    return netty;
  }

  SSLContext jdk() {
    return jdk;
  }

  /** Accepts whatever certificate a kubelet serves with. */
  private static final class AnyServer implements X509TrustManager {
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
