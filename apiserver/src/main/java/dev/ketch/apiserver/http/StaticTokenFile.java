package dev.ketch.apiserver.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens from a file in kube-apiserver's {@code --token-auth-file} format: one CSV record
 * per line, {@code token,user,uid[,"group1,group2"]}; blank lines are skipped. The file is read
 * once, when loaded. Tokens are held only as SHA-256 digests. Immutable and thread-safe.
 */
public final class StaticTokenFile implements TokenAuthenticator {

  private final Map<String, UserInfo> usersByDigest;

  private StaticTokenFile(Map<String, UserInfo> usersByDigest) {
    this.usersByDigest = Map.copyOf(usersByDigest);
  }

  /**
   * Reads the file.
   *
   * @throws IllegalArgumentException naming the line of a malformed record
   * @throws UncheckedIOException when the file cannot be read
   */
  public static StaticTokenFile load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads records from text; {@code source} names it in error messages. */
  public static StaticTokenFile parse(String text, String source) {
    Map<String, UserInfo> users = new HashMap<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      List<String> record = csv(lines[i], source, i + 1);
      if (record.size() < 3) {
        throw new IllegalArgumentException(
            source + ":" + (i + 1) + ": a token record has at least 3 columns (token, user name, user uid), found " + record.size());
      }
      if (record.get(0).isEmpty()) {
        continue;
      }
      List<String> groups = record.size() >= 4 && !record.get(3).isEmpty() ? Arrays.asList(record.get(3).split(",")) : List.of();
      users.put(digest(record.get(0)), new UserInfo(record.get(1), record.get(2), groups, UserInfo.Method.BEARER_TOKEN));
    }
    return new StaticTokenFile(users);
  }

  @Override
  public Optional<UserInfo> authenticate(String token) {
    return Optional.ofNullable(usersByDigest.get(digest(token)));
  }

  public int size() {
    return usersByDigest.size();
  }

  private static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One CSV record (RFC 4180 quoting). */
  private static List<String> csv(String line, String source, int lineNumber) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"' && f.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        fields.add(f.toString());
        f.setLength(0);
        wasQuoted = false;
      } else {
        f.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(source + ":" + lineNumber + ": unterminated quoted field");
    }
    fields.add(f.toString());
    return fields;
  }
}
