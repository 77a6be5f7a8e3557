package dev.ketch.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's join tokens, one full token ({@link JoinToken#text()}) per line of a file in its
 * data directory ({@code <data-dir>/token}, owner-only), the first created when the server first
 * starts. The file is the only record: {@code ketch token} prints the first line, {@code ketch
 * token create} appends one, and the running server sees new lines without a restart (it reads
 * the file again when its modification time changes). Blank lines and lines starting with
 * {@code #} are ignored; unreadable lines are skipped with a warning.
 *
 * <p>Thread-safe: lookups and writes are synchronized; another process appending between two
 * reads is seen at the next lookup.
 */
public final class JoinTokenFile {

  private static final Logger log = LoggerFactory.getLogger(JoinTokenFile.class);

  private final Path file;
  private List<JoinToken> tokens = List.of();
  private FileTime readAt;

  private JoinTokenFile(Path file) {
    this.file = file;
  }

  /** The tokens of {@code file}, which need not exist yet. */
  public static JoinTokenFile at(Path file) {
    return new JoinTokenFile(file);
  }

  public Path file() {
    return file;
  }

  /** Makes sure there is a token for this CA, creating the file with a new one if there is none. */
  public synchronized JoinToken ensure(CaCertHash caHash, SecureRandom random) {
    Optional<JoinToken> existing = all().stream().filter(t -> t.caHash().equals(caHash)).findFirst();
    if (existing.isPresent()) {
      return existing.get();
    }
    JoinToken token = create(caHash, random);
    log.info("created join token file={} id={}", file, token.id());
    return token;
  }

  /** Appends a new token for this CA. */
  public synchronized JoinToken create(CaCertHash caHash, SecureRandom random) {
    JoinToken token = JoinToken.generate(caHash, random);
    StringBuilder text = new StringBuilder();
    try {
      if (Files.exists(file)) {
        text.append(Files.readString(file, StandardCharsets.UTF_8));
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
          text.append('\n');
        }
      }
      text.append(token.text()).append('\n');
      SecureFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8), SecureFiles.OWNER_ONLY);
    } catch (IOException e) {
      throw Pem.unchecked("cannot write the join token file " + file, e);
    }
    readAt = null;
    return token;
  }

  /** Every token in the file, in order; none if there is no file. */
  public synchronized List<JoinToken> all() {
    reload();
    return tokens;
  }

  /**
   * The token whose credential ({@code id.secret}) was presented, compared in constant time.
   *
   * @return empty for an unknown or malformed credential
   */
  public synchronized Optional<JoinToken> authenticate(String credential) {
    reload();
    int dot = credential == null ? -1 : credential.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String id = credential.substring(0, dot);
    byte[] secret = credential.substring(dot + 1).getBytes(StandardCharsets.UTF_8);
    for (JoinToken t : tokens) {
      if (t.id().equals(id) && MessageDigest.isEqual(t.secret().getBytes(StandardCharsets.UTF_8), secret)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private void reload() {
    try {
      if (!Files.exists(file)) {
        tokens = List.of();
        readAt = null;
        return;
      }
      FileTime modified = Files.getLastModifiedTime(file);
      if (modified.equals(readAt)) {
        return;
      }
      List<JoinToken> read = new ArrayList<>();
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        try {
          read.add(JoinToken.parse(line));
        } catch (IllegalArgumentException e) {
          log.warn("skipping unreadable join token file={} line={}: {}", file, i + 1, e.getMessage());
        }
      }
      tokens = List.copyOf(read);
      readAt = modified;
    } catch (IOException e) {
      throw Pem.unchecked("cannot read the join token file " + file, e);
    }
  }
}
