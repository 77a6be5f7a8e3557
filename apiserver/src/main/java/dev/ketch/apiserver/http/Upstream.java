package dev.ketch.apiserver.http;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;

/**
 * Where {@link ApiResponse#relay} forwards a request: a TLS endpoint, and the request to send it
 * (request line and header fields, as bytes).
 */
public record Upstream(InetSocketAddress address, SslContext tls, byte[] requestHead) {}
