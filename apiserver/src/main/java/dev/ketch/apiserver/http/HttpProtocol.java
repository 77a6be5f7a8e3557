package dev.ketch.apiserver.http;

/** The HTTP version a request came over; both are spoken on the same TLS port, chosen by ALPN. */
public enum HttpProtocol {
  HTTP_1_1("HTTP/1.1"),
  HTTP_2("HTTP/2.0");

  private final String wire;

  HttpProtocol(String wire) {
    this.wire = wire;
  }

  /** As in logs and Go's {@code Request.Proto}. */
  public String wire() {
    return wire;
  }
}
