package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.StatusException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * A client's request to turn an HTTP/1.1 request into a WebSocket (RFC 6455 §4.2.1), checked: the
 * key whose digest the server echoes, and the subprotocol the server chose from those offered (or
 * none).
 */
public record WebSocketHandshake(String key, String subprotocol) {

  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** True when the request asks to be upgraded to a WebSocket. */
  public static boolean requested(ApiRequest request) {
    return "websocket".equalsIgnoreCase(trim(request.header("Upgrade")));
  }

  /**
   * Checks the upgrade request's fields and picks the first offered subprotocol the server speaks.
   *
   * @param supported subprotocols the endpoint speaks, in no order; empty when it speaks none
   * @throws StatusException 400 when the request is not a valid version-13 handshake
   */
  public static WebSocketHandshake of(ApiRequest request, List<String> supported) {
    if (!"13".equals(trim(request.header("Sec-WebSocket-Version")))) {
      throw StatusException.badRequest("unsupported WebSocket version: only version 13 is spoken");
    }
    String key = trim(request.header("Sec-WebSocket-Key"));
    if (key == null || !validKey(key)) {
      throw StatusException.badRequest("a WebSocket upgrade needs a Sec-WebSocket-Key of 16 base64-encoded bytes");
    }
    String chosen = null;
    String offered = request.header("Sec-WebSocket-Protocol");
    if (offered != null) {
      for (String p : offered.split(",")) {
        if (supported.contains(p.trim())) {
          chosen = p.trim();
          break;
        }
      }
    }
    return new WebSocketHandshake(key, chosen);
  }

  /** The Sec-WebSocket-Accept value answering this key. */
  public String accept() {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return Base64.getEncoder().encodeToString(sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }

  private static boolean validKey(String key) {
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String trim(String value) {
    return value == null ? null : value.trim();
  }
}
