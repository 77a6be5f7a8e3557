package dev.ketch.apiserver.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the TLS handshake: notes the client's certificates and builds the pipeline for the
 * protocol ALPN agreed on (HTTP/1.1 when the client offered none). Runs on the event loop.
 */
final class ProtocolNegotiator extends ApplicationProtocolNegotiationHandler {

  private static final Logger log = LoggerFactory.getLogger(ProtocolNegotiator.class);

  private final ServerContext server;

  ProtocolNegotiator(ServerContext server) {
    super(ApplicationProtocolNames.HTTP_1_1);
    this.server = server;
  }

  @Override
  protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    List<X509Certificate> peer = peerCertificates(ssl.engine().getSession());
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    switch (protocol) {
      case ApplicationProtocolNames.HTTP_2 ->
          Pipelines.http2(ctx.pipeline(), server, new ConnectionInfo(remote, peer, HttpProtocol.HTTP_2));
      case ApplicationProtocolNames.HTTP_1_1 ->
          Pipelines.http1(ctx.pipeline(), server, new ConnectionInfo(remote, peer, HttpProtocol.HTTP_1_1));
      default -> throw new IllegalStateException("unexpected ALPN protocol " + protocol);
    }
  }

  @Override
  protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("TLS handshake failed remote={} error=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  private static List<X509Certificate> peerCertificates(SSLSession session) {
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          chain.add(x);
        }
      }
      return chain;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }
}
