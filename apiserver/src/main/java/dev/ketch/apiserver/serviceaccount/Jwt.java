package dev.ketch.apiserver.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Compact JSON Web Tokens signed with ES256 (ECDSA P-256 and SHA-256, the signature as the
 * 64-byte R||S of RFC 7518): {@code base64url(header).base64url(claims).base64url(signature)}.
 * Only the signature and the shape are checked here; what the claims must say is the caller's.
 */
final class Jwt {

  private static final String ALGORITHM = "ES256";
  private static final String JCA_ALGORITHM = "SHA256withECDSAinP1363Format";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Jwt() {}

  /** A token that is not a well-formed ES256 JWT signed by the expected key. */
  static final class InvalidTokenException extends Exception {
    InvalidTokenException(String message) {
      super(message);
    }
  }

  /** The signed token carrying the claims; the header names the key by {@link #keyId}. */
  static String sign(ObjectNode claims, PrivateKey key, PublicKey publicKey) {
    ObjectNode header = Json.mapper().createObjectNode();
    header.put("alg", ALGORITHM).put("kid", keyId(publicKey));
    String signingInput = encode(header) + "." + encode(claims);
    try {
      Signature signer = Signature.getInstance(JCA_ALGORITHM);
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + ENCODER.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token with an ES256 key: " + e.getMessage(), e);
    }
  }

  /**
   * The claims of a token signed by the key.
   *
   * @throws InvalidTokenException when the token is malformed, of another algorithm, or its
   *     signature does not verify
   */
  static ObjectNode verify(String token, PublicKey key) throws InvalidTokenException {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new InvalidTokenException("not a compact JWT");
    }
    JsonNode header = decode(parts[0]);
    if (!ALGORITHM.equals(header.path("alg").asText())) {
      throw new InvalidTokenException("unexpected algorithm " + header.path("alg"));
    }
    boolean valid;
    try {
      Signature verifier = Signature.getInstance(JCA_ALGORITHM);
      verifier.initVerify(key);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      valid = verifier.verify(bytes(parts[2]));
    } catch (GeneralSecurityException e) {
      valid = false;
    }
    if (!valid) {
      throw new InvalidTokenException("bad signature");
    }
    if (!(decode(parts[1]) instanceof ObjectNode claims)) {
      throw new InvalidTokenException("claims are not a JSON object");
    }
    return claims;
  }

  /** base64url of the SHA-256 of the public key's encoding, as kube-apiserver names its keys. */
  static String keyId(PublicKey key) {
    try {
      return ENCODER.encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static String encode(JsonNode node) {
    try {
      return ENCODER.encodeToString(Json.mapper().writeValueAsBytes(node));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode JSON: " + e.getMessage(), e);
    }
  }

  private static JsonNode decode(String part) throws InvalidTokenException {
    try {
      return Json.mapper().readTree(bytes(part));
    } catch (IOException e) {
      throw new InvalidTokenException("not JSON");
    }
  }

  private static byte[] bytes(String part) throws InvalidTokenException {
    try {
      return DECODER.decode(part);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("not base64url");
    }
  }
}
