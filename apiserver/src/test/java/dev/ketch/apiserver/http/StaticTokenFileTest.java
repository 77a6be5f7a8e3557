package dev.ketch.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StaticTokenFileTest {

  @Test
  void readsKubeApiserversTokenFileFormat() {
    StaticTokenFile file =
        StaticTokenFile.parse(
            """
            admin-token,admin,uid-1,"system:masters,ops"
            plain-token,robot,uid-2

            "quoted,token",odd,uid-3,solo
            ,empty,uid-4
            """,
            "tokens.csv");

    assertThat(file.size()).isEqualTo(3);
    assertThat(file.authenticate("admin-token"))
        .hasValue(new UserInfo("admin", "uid-1", List.of("system:masters", "ops"), UserInfo.Method.BEARER_TOKEN));
    assertThat(file.authenticate("plain-token")).hasValueSatisfying(u -> assertThat(u.groups()).isEmpty());
    assertThat(file.authenticate("quoted,token")).hasValueSatisfying(u -> assertThat(u.groups()).containsExactly("solo"));
    assertThat(file.authenticate("unknown")).isEmpty();
    assertThat(file.authenticate("")).isEmpty();
  }

  @Test
  void refusesRecordsWithTooFewColumns() {
    assertThatThrownBy(() -> StaticTokenFile.parse("ok,user,uid\nshort,user\n", "t.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t.csv:2")
        .hasMessageContaining("at least 3 columns");
  }

  @Test
  void bearerTokensAreReadAsKubeApiserverReadsThem() {
    assertThat(Authenticator.bearerToken("Bearer abc")).isEqualTo("abc");
    assertThat(Authenticator.bearerToken("bearer abc")).isEqualTo("abc");
    assertThat(Authenticator.bearerToken("  Bearer abc  ")).isEqualTo("abc");
    assertThat(Authenticator.bearerToken("Bearer abc extra")).isEqualTo("abc");
    assertThat(Authenticator.bearerToken("Basic dXNlcjpwdw==")).isNull();
    assertThat(Authenticator.bearerToken("Bearer")).isNull();
    assertThat(Authenticator.bearerToken(null)).isNull();
  }
}
