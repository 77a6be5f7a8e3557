package dev.ketch.apiserver.http;

import dev.ketch.apiserver.errors.StatusException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds who sent a request, the way kube-apiserver's authentication chain does: a verified client
 * certificate, else a good bearer token; credentials that are presented but bad fail the request
 * (401) even where anonymous requests would pass; a request without any is anonymous, which only
 * the health paths ({@code /healthz}, {@code /livez}, {@code /readyz} and below) accept.
 * The node bootstrap paths ({@code /ketch/v1/ca}, {@code /ketch/v1/node-credentials}) are
 * anonymous whatever they carry: their handler checks join tokens itself, and join tokens are
 * accepted nowhere else. Authenticated users gain the group {@code system:authenticated}. Thread-safe; may block in the
 * token authenticator, so it runs on request threads.
 */
final class Authenticator {

  private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
  private static final List<String> PUBLIC_PATHS = List.of("/healthz", "/livez", "/readyz");

  private final ClientCertificateVerifier certificates;
  private final TokenAuthenticator tokens;

  Authenticator(ClientCertificateVerifier certificates, TokenAuthenticator tokens) {
    this.certificates = certificates;
    this.tokens = tokens;
  }

  /**
   * @throws StatusException 401 Unauthorized when no user can be found
   */
  UserInfo authenticate(List<X509Certificate> peerCertificates, Headers headers, String path) {
    if (dev.ketch.apiserver.bootstrap.NodeBootstrapEndpoints.isBootstrapPath(path)) {
      return UserInfo.anonymous();
    }
    String problem = null;
    if (!peerCertificates.isEmpty()) {
      try {
        return certificates.verify(peerCertificates).withAuthenticatedGroup();
      } catch (ClientCertificateVerifier.InvalidCredentialsException e) {
        problem = e.getMessage();
      }
    }
    String token = bearerToken(headers.first("Authorization"));
    if (token != null) {
      Optional<UserInfo> user = tokens.authenticate(token);
      if (user.isPresent()) {
        return user.get().withAuthenticatedGroup();
      }
      problem = problem == null ? "invalid bearer token" : problem + "; invalid bearer token";
    }
    if (problem != null) {
      log.debug("authentication failed path={} reason=\"{}\"", path, problem);
      throw StatusException.unauthorized();
    }
    if (isPublic(path)) {
      return UserInfo.anonymous();
    }
    throw StatusException.unauthorized();
  }

  static boolean isPublic(String path) {
    for (String p : PUBLIC_PATHS) {
      if (path.equals(p) || path.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  /** The token of {@code Bearer <token>}, or null when the header holds none. */
  static String bearerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String[] parts = authorization.trim().split(" ", 3);
    if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer") || parts[1].isEmpty()) {
      return null;
    }
    return parts[1];
  }
}
