package dev.ketch.apiserver.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and checks service account tokens: ES256 JWTs with kube-apiserver's claims ({@code iss},
 * {@code sub = system:serviceaccount:NS:NAME}, {@code aud}, {@code exp}, {@code iat}, {@code nbf},
 * {@code jti}, and {@code kubernetes.io} with the namespace, the service account and the object
 * the token is bound to). A token is accepted when its signature verifies with this server's key,
 * it names this issuer, one of its audiences is one this server accepts, and the clock lies
 * between {@code nbf} and {@code exp}. Whether the service account and bound object still exist is
 * {@link ServiceAccountAuthenticator}'s check. Thread-safe.
 */
public final class ServiceAccountTokens {

  /** kube-apiserver's default issuer, {@code https://kubernetes.default.svc.} plus the cluster domain. */
  public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";

  private static final String PRIVATE_CLAIM = "kubernetes.io";
  private static final String SUBJECT_PREFIX = "system:serviceaccount:";

  private final KeyPair keys;
  private final String issuer;
  private final List<String> apiAudiences;
  private final Clock clock;

  /**
   * @param apiAudiences the audiences this server accepts and gives tokens asked for none; empty
   *     means the issuer alone
   */
  public ServiceAccountTokens(KeyPair keys, String issuer, List<String> apiAudiences, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.apiAudiences = apiAudiences.isEmpty() ? List.of(issuer) : List.copyOf(apiAudiences);
    this.clock = clock;
  }

  /** The object a token is bound to: a Pod or a Secret of the service account's namespace. */
  public record Binding(String kind, String name, String uid) {}

  /** A token and the instant it expires. */
  public record Issued(String token, Instant expiration) {}

  /** What a valid token says: whose it is and what it is bound to (null when unbound). */
  public record Claims(String namespace, String serviceAccount, String serviceAccountUid, Binding binding) {}

  /** The audiences given to tokens requested without any. */
  public List<String> apiAudiences() {
    return apiAudiences;
  }

  /** A token for the service account, valid for the given seconds from now. */
  public Issued issue(String namespace, String serviceAccount, String serviceAccountUid, List<String> audiences,
      long expirationSeconds, Binding binding) {
    Instant now = clock.instant();
    Instant expiration = now.plusSeconds(expirationSeconds);
    ObjectNode claims = Json.mapper().createObjectNode();
    var aud = claims.putArray("aud");
    audiences.forEach(aud::add);
    claims.put("exp", expiration.getEpochSecond());
    claims.put("iat", now.getEpochSecond());
    claims.put("iss", issuer);
    claims.put("jti", UUID.randomUUID().toString());
    ObjectNode k8s = claims.putObject(PRIVATE_CLAIM);
    k8s.put("namespace", namespace);
    if (binding != null) {
      k8s.putObject(binding.kind().toLowerCase(java.util.Locale.ROOT)).put("name", binding.name()).put("uid", binding.uid());
    }
    k8s.putObject("serviceaccount").put("name", serviceAccount).put("uid", serviceAccountUid);
    claims.put("nbf", now.getEpochSecond());
    claims.put("sub", SUBJECT_PREFIX + namespace + ":" + serviceAccount);
    return new Issued(Jwt.sign(claims, keys.getPrivate(), keys.getPublic()), expiration);
  }

  /** The claims of a token this server issued and would accept now, or empty. */
  public Optional<Claims> validate(String token) {
    ObjectNode claims;
    try {
      claims = Jwt.verify(token, keys.getPublic());
    } catch (Jwt.InvalidTokenException e) {
      return Optional.empty();
    }
    long now = clock.instant().getEpochSecond();
    if (!issuer.equals(claims.path("iss").asText())
        || !claims.path("exp").canConvertToLong() || now >= claims.path("exp").asLong()
        || (claims.has("nbf") && now < claims.path("nbf").asLong())
        || audiences(claims.path("aud")).stream().noneMatch(apiAudiences::contains)) {
      return Optional.empty();
    }
    JsonNode k8s = claims.path(PRIVATE_CLAIM);
    String namespace = k8s.path("namespace").asText("");
    String name = k8s.path("serviceaccount").path("name").asText("");
    if (namespace.isEmpty() || name.isEmpty()
        || !claims.path("sub").asText().equals(SUBJECT_PREFIX + namespace + ":" + name)) {
      return Optional.empty();
    }
    Binding binding = null;
    for (String kind : List.of("Pod", "Secret")) {
      JsonNode bound = k8s.path(kind.toLowerCase(java.util.Locale.ROOT));
      if (bound.isObject()) {
        binding = new Binding(kind, bound.path("name").asText(""), bound.path("uid").asText(""));
      }
    }
    return Optional.of(new Claims(namespace, name, k8s.path("serviceaccount").path("uid").asText(""), binding));
  }

  private static List<String> audiences(JsonNode aud) {
    List<String> result = new ArrayList<>();
    if (aud.isTextual()) {
      result.add(aud.asText());
    }
    aud.forEach(a -> result.add(a.asText()));
    return result;
  }
}
