package dev.ketch.apiserver.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answered request, on the logger {@code dev.ketch.apiserver.http.AccessLog}:
 * method, path, user, status, durationMs, then the protocol, client address and body bytes sent.
 * Streams are logged when they end. Thread-safe.
 */
final class AccessLog {

  private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

  private AccessLog() {}

  static void served(String method, String path, String user, int status, long durationMs, HttpProtocol protocol, Object remote, long bytes) {
    if (log.isInfoEnabled()) {
      log.info(
          "method={} path={} user={} status={} durationMs={} protocol={} remote={} bytes={}",
          method, path, quote(user), status, durationMs, protocol.wire(), remote, bytes);
    }
  }

  /** A request refused before it reached a handler (e.g. too large). */
  static void refused(String method, String uri, int status) {
    if (log.isInfoEnabled()) {
      int q = uri.indexOf('?');
      log.info("method={} path={} user=- status={} durationMs=0", method, q < 0 ? uri : uri.substring(0, q), status);
    }
  }

  private static String quote(String user) {
    return user == null ? "-" : user.indexOf(' ') < 0 ? user : "\"" + user + "\"";
  }
}
