package dev.ketch.apiserver.http;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What is known of a connection once TLS and ALPN are done.
 *
 * @param remoteAddress the client's address
 * @param peerCertificates the client's certificate chain, leaf first, unverified; empty when the
 *     client sent none
 * @param protocol the protocol ALPN chose
 */
record ConnectionInfo(InetSocketAddress remoteAddress, List<X509Certificate> peerCertificates, HttpProtocol protocol) {

  ConnectionInfo {
    peerCertificates = List.copyOf(peerCertificates);
  }
}
