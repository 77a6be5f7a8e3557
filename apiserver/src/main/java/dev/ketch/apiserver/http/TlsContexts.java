package dev.ketch.apiserver.http;

import dev.ketch.pki.Credential;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server's TLS: the serving certificate, TLS 1.3 and 1.2 with the cipher suites HTTP/2
 * allows, ALPN offering h2 then http/1.1, and client certificates requested but optional. The
 * handshake accepts any client certificate (the client must still prove it holds the key); the
 * request's authentication verifies it against the client CAs, as kube-apiserver does, so that a
 * bad certificate gets a 401 Status instead of a failed handshake.
 */
final class TlsContexts {

  private TlsContexts() {}

  static SslContext server(Credential serving, List<X509Certificate> clientCas) throws SSLException {
    return SslContextBuilder.forServer(serving.privateKey(), servedChain(serving))
        .sslProvider(SslProvider.JDK)
        .protocols("TLSv1.3", "TLSv1.2")
        .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
        .clientAuth(ClientAuth.OPTIONAL)
        .trustManager(new RequestingTrustManager(clientCas))
        .applicationProtocolConfig(
            new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2,
                ApplicationProtocolNames.HTTP_1_1))
        .build();
  }

  /** The leaf and its intermediates; a self-signed root is the client's to have. */
  private static List<X509Certificate> servedChain(Credential serving) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(serving.certificate());
    for (X509Certificate c : serving.issuers()) {
      if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        chain.add(c);
      }
    }
    return chain;
  }

  /**
   * Asks for client certificates issued by the client CAs (the CertificateRequest lists them, so
   * clients pick the right one) and lets every presented chain through to request authentication.
   */
  private static final class RequestingTrustManager extends X509ExtendedTrustManager {
    private final X509Certificate[] issuers;

    RequestingTrustManager(List<X509Certificate> clientCas) {
      this.issuers = clientCas.toArray(X509Certificate[]::new);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("a server trust manager only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("a server trust manager only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      throw new CertificateException("a server trust manager only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return issuers.clone();
    }
  }
}
