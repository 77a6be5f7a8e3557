package dev.ketch.apiserver.openapi;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete answer to an OpenAPI request, ready for the HTTP layer to write as is.
 *
 * @param status the HTTP status (200, 301, 304, 404 or 406)
 * @param headers response headers, names as written on the wire (Content-Type, always present,
 *     and ETag, Vary, Cache-Control, Expires, Last-Modified, Location as the answer needs)
 * @param body the body, shared and never to be modified; empty for 301, 304 and 406
 */
public record OpenApiResponse(int status, Map<String, String> headers, byte[] body) {

  public OpenApiResponse {
    headers = Map.copyOf(headers);
  }

  public String contentType() {
    return headers.get("Content-Type");
  }

  /** The body as UTF-8 text, for logs and tests. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
