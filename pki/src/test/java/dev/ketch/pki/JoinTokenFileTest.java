package dev.ketch.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinTokenFileTest {

  @TempDir
  Path dir;

  private final CaCertHash hash = new CaCertHash("ab".repeat(32));
  private final SecureRandom random = new SecureRandom();

  @Test
  void ensureCreatesOneOwnerOnlyTokenAndThenKeepsIt() throws Exception {
    JoinTokenFile file = JoinTokenFile.at(dir.resolve("token"));

    JoinToken first = file.ensure(hash, random);
    JoinToken again = JoinTokenFile.at(dir.resolve("token")).ensure(hash, random);

    assertThat(again).isEqualTo(first);
    assertThat(Files.readString(dir.resolve("token"))).isEqualTo(first.text() + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token")))).isEqualTo("rw-------");
  }

  @Test
  void onlyAKnownCredentialAuthenticates() {
    JoinTokenFile file = JoinTokenFile.at(dir.resolve("token"));
    JoinToken token = file.ensure(hash, random);

    assertThat(file.authenticate(token.credential())).contains(token);
    assertThat(file.authenticate(token.id() + "." + "x".repeat(16))).isEmpty();
    assertThat(file.authenticate(token.text())).isEmpty();
    assertThat(file.authenticate("")).isEmpty();
    assertThat(file.authenticate(null)).isEmpty();
  }

  @Test
  void tokensAddedByAnotherProcessAreSeenWithoutARestart() throws Exception {
    JoinTokenFile server = JoinTokenFile.at(dir.resolve("token"));
    server.ensure(hash, random);
    assertThat(server.all()).hasSize(1);

    JoinToken added = JoinTokenFile.at(dir.resolve("token")).create(hash, random);
    Files.setLastModifiedTime(dir.resolve("token"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));

    assertThat(server.all()).hasSize(2);
    assertThat(server.authenticate(added.credential())).contains(added);
  }

  @Test
  void commentsAndBadLinesAreSkipped() throws Exception {
    JoinToken good = JoinToken.generate(hash, random);
    Files.writeString(dir.resolve("token"), "# tokens\n\nnot a token\n" + good.text() + "\n");

    assertThat(JoinTokenFile.at(dir.resolve("token")).all()).containsExactly(good);
  }
}
