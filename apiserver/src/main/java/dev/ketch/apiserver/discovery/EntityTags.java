package dev.ketch.apiserver.discovery;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Strong entity tags for documents the server computes once, and If-None-Match checks. */
public final class EntityTags {

  private EntityTags() {}

  /** Upper-case hex SHA-512 of the bytes, the hash kube-openapi puts in ETags and v3 URLs. */
  public static String sha512Hex(byte[] bytes) {
    return hex("SHA-512", bytes);
  }

  /** Upper-case hex SHA-256 of the bytes. */
  public static String sha256Hex(byte[] bytes) {
    return hex("SHA-256", bytes);
  }

  /** The header value of a tag: the tag in double quotes. */
  public static String quoted(String tag) {
    return "\"" + tag + "\"";
  }

  /**
   * Whether an If-None-Match header names {@code quotedTag}: {@code *}, or one of its
   * comma-separated tags, weak ({@code W/}) or strong, equal to it.
   */
  public static boolean matches(String ifNoneMatch, String quotedTag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(quotedTag)) {
        return true;
      }
    }
    return false;
  }

  private static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + algorithm, e);
    }
  }
}
