package dev.ketch.kubelet.volume;

import java.time.Instant;
import java.util.List;

/**
 * Where the kubelet gets service account tokens for projected volumes: the API server's
 * TokenRequest ({@code serviceaccounts/<name>/token}), bound to the pod so that the token stops
 * working once the pod is gone.
 *
 * <p>Thread-safety: implementations are safe for concurrent use and may block on the API.
 */
public interface TokenSource {

  /** A token and when it expires. */
  record Token(String token, Instant expiresAt) {}

  /**
   * Requests a token for {@code serviceAccount} in {@code namespace}, bound to the pod.
   *
   * @param audiences who the token is for; empty means the API server itself
   * @throws IllegalStateException with the API's message when it refuses (no such service
   *     account, no permission, no TokenRequest support) or cannot be reached
   */
  Token request(String namespace, String serviceAccount, List<String> audiences, long expirationSeconds, String podName,
      String podUid);
}
