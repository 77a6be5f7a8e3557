package dev.ketch.pki;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token that lets a machine join the cluster as a node, in the shape of k3s's "secure" tokens
 * with kubeadm's parts inside:
 *
 * <pre>
 *   K10&lt;ca-hash&gt;::&lt;id&gt;.&lt;secret&gt;
 *   K10 3f0c…e9 (64 hex digits) :: abcdef.0123456789abcdef
 * </pre>
 *
 * <ul>
 *   <li>{@code ca-hash}: the cluster CA's {@link CaCertHash}, the SHA-256 of its public key
 *       (SubjectPublicKeyInfo) as kubeadm's {@code --discovery-token-ca-cert-hash sha256:…} (k3s
 *       hashes the CA file instead). The joining machine checks the CA it is served against it
 *       before it sends anything secret: the token authenticates the server to the node.
 *   <li>{@code id.secret}: a kubeadm bootstrap token, 6 and 16 characters of {@code [a-z0-9]}. The
 *       node presents it as a bearer token to the bootstrap endpoint only: it authenticates the
 *       node to the server, for the one purpose of getting a node certificate.
 * </ul>
 *
 * The short form {@code id.secret} alone is accepted with the hash given separately ({@link
 * #parse(String, String)}). Immutable.
 *
 * @param caHash the pin of the cluster CA
 * @param id the token's public part, which names it in logs
 * @param secret the token's secret part
 */
public record JoinToken(CaCertHash caHash, String id, String secret) {

  /** The prefix of the full form, as k3s's. */
  public static final String PREFIX = "K10";

  private static final Pattern CREDENTIAL = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");
  private static final Pattern FULL = Pattern.compile("K10([0-9a-fA-F]{64})::(.*)");
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  public JoinToken {
    Objects.requireNonNull(caHash, "caHash");
    if (!CREDENTIAL.matcher(id + "." + secret).matches()) {
      throw new IllegalArgumentException("a join token's credential is <6 of [a-z0-9]>.<16 of [a-z0-9]>");
    }
  }

  /** A new token with a random id and secret. */
  public static JoinToken generate(CaCertHash caHash, SecureRandom random) {
    return new JoinToken(caHash, random(random, 6), random(random, 16));
  }

  /**
   * Reads the full form {@code K10<hash>::<id>.<secret>}.
   *
   * @throws IllegalArgumentException saying what is wrong, never repeating the secret
   */
  public static JoinToken parse(String text) {
    return parse(text, null);
  }

  /**
   * Reads the full form, or the short form {@code <id>.<secret>} with {@code caHash} ({@code
   * sha256:<hex>}). When both carry a hash they must agree.
   *
   * @param caHash the CA hash given apart from the token, or null
   * @throws IllegalArgumentException saying what is wrong, never repeating the secret
   */
  public static JoinToken parse(String text, String caHash) {
    String t = text == null ? "" : text.trim();
    CaCertHash separate = caHash == null || caHash.isBlank() ? null : CaCertHash.parse(caHash.trim());
    Matcher full = FULL.matcher(t);
    CaCertHash hash;
    String credential;
    if (full.matches()) {
      hash = new CaCertHash(full.group(1));
      credential = full.group(2);
      if (separate != null && !separate.equals(hash)) {
        throw new IllegalArgumentException("the token's CA hash " + hash + " differs from the CA hash given, " + separate);
      }
    } else if (t.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a join token reads K10<64 hex digits>::<id>.<secret>");
    } else {
      if (separate == null) {
        throw new IllegalArgumentException(
            "a join token without the CA hash (K10<hash>::…) needs the hash given apart (sha256:<hex>)");
      }
      hash = separate;
      credential = t;
    }
    Matcher m = CREDENTIAL.matcher(credential);
    if (!m.matches()) {
      throw new IllegalArgumentException("a join token's credential is <6 of [a-z0-9]>.<16 of [a-z0-9]>");
    }
    return new JoinToken(hash, m.group(1), m.group(2));
  }

  /** {@code <id>.<secret>}: what the node presents as its bearer token. */
  public String credential() {
    return id + "." + secret;
  }

  /** The full form, to print and to pass to {@code ketch agent --token}. */
  public String text() {
    return PREFIX + caHash.hex() + "::" + credential();
  }

  @Override
  public String toString() {
    // Never the secret.
    return "JoinToken[" + PREFIX + caHash.hex() + "::" + id + ".****************]";
  }

  private static String random(SecureRandom random, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }
}
