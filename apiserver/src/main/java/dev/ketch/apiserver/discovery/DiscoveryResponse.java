package dev.ketch.apiserver.discovery;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete answer to a discovery request, ready for the HTTP layer to write as is.
 *
 * @param status the HTTP status
 * @param headers response headers, Content-Type always among them; names as written on the wire
 * @param body the body, shared and never to be modified (empty for 304)
 */
public record DiscoveryResponse(int status, Map<String, String> headers, byte[] body) {

  public DiscoveryResponse {
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
