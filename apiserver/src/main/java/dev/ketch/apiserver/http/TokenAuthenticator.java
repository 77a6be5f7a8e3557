package dev.ketch.apiserver.http;

import java.util.Optional;

/**
 * Checks bearer tokens ({@code Authorization: Bearer <token>}).
 *
 * <p>Called on request threads (virtual threads), concurrently: implementations must be
 * thread-safe and may block (e.g. to look a token up in the store).
 */
@FunctionalInterface
public interface TokenAuthenticator {

  /** A token authenticator that knows no token. */
  TokenAuthenticator NONE = token -> Optional.empty();

  /**
   * The user the token belongs to, or empty when the token is unknown, expired or malformed (the
   * request is then refused with 401).
   *
   * @param token the token, never empty
   */
  Optional<UserInfo> authenticate(String token);
}
