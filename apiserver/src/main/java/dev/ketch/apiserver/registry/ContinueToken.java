package dev.ketch.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque continue token of paginated lists, shaped as kube-apiserver's: base64 of {@code
 * {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key after the prefix>"}}. The next page is read
 * at the same revision, so pages are consistent; once compaction passes that revision the token
 * expires (410).
 */
record ContinueToken(long revision, String startKey) {

  private static final String VERSION = "meta.k8s.io/v1";

  String encode(String prefix) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("v", VERSION);
    o.put("rv", revision);
    o.put("start", startKey.substring(prefix.length()));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(o));
  }

  static ContinueToken decode(String token, String prefix) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(token.replace('+', '-').replace('/', '_').replace("=", ""));
      JsonNode o = Json.mapper().readTree(new String(raw, StandardCharsets.UTF_8));
      if (!VERSION.equals(o.path("v").asText()) || !o.path("rv").canConvertToLong() || !o.has("start")) {
        throw new IllegalArgumentException("unexpected shape");
      }
      String start = o.path("start").asText();
      if (start.contains("..") || start.startsWith("/")) {
        throw new IllegalArgumentException("bad start key");
      }
      return new ContinueToken(o.path("rv").asLong(), prefix + start);
    } catch (Exception e) {
      throw StatusException.badRequest("continue key is not valid: " + e.getMessage());
    }
  }
}
