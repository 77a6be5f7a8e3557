package dev.ketch.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JoinTokenTest {

  private static final String HEX = "3f0c5a1e9b7d2c4f6a8e0b1d3c5e7f9a2b4d6f8a0c2e4a6c8e0a2c4e6a8c0e9b";
  private static final CaCertHash HASH = new CaCertHash(HEX);

  @Test
  void theFullFormCarriesTheCaHashAndTheCredential() {
    JoinToken t = JoinToken.parse("K10" + HEX + "::abcdef.0123456789abcdef");

    assertThat(t.caHash()).isEqualTo(HASH);
    assertThat(t.id()).isEqualTo("abcdef");
    assertThat(t.credential()).isEqualTo("abcdef.0123456789abcdef");
    assertThat(t.text()).isEqualTo("K10" + HEX + "::abcdef.0123456789abcdef");
  }

  @Test
  void theShortFormNeedsTheHashGivenApart() {
    JoinToken t = JoinToken.parse("abcdef.0123456789abcdef", "sha256:" + HEX);

    assertThat(t.text()).isEqualTo("K10" + HEX + "::abcdef.0123456789abcdef");
    assertThatThrownBy(() -> JoinToken.parse("abcdef.0123456789abcdef"))
        .hasMessageContaining("needs the hash given apart");
  }

  @Test
  void aHashGivenApartMustAgreeWithTheTokens() {
    String other = "sha256:" + "0".repeat(64);

    assertThatThrownBy(() -> JoinToken.parse("K10" + HEX + "::abcdef.0123456789abcdef", other))
        .hasMessageContaining("differs from the CA hash given");
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("short hash", "K10abc::abcdef.0123456789abcdef"),
        Arguments.of("no credential", "K10" + HEX + "::"),
        Arguments.of("upper-case secret", "K10" + HEX + "::abcdef.0123456789ABCDEF"),
        Arguments.of("short secret", "K10" + HEX + "::abcdef.0123"),
        Arguments.of("k3s password form", "K10" + HEX + "::server:secretpassword"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedTokensAreRefusedWithoutRepeatingTheSecret(String name, String text) {
    assertThatThrownBy(() -> JoinToken.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("0123456789").doesNotContain("secretpassword"));
  }

  @Test
  void generatedTokensAreRandomAndNeverPrintTheirSecret() {
    SecureRandom random = new SecureRandom();
    JoinToken a = JoinToken.generate(HASH, random);
    JoinToken b = JoinToken.generate(HASH, random);

    assertThat(a).isNotEqualTo(b);
    assertThat(JoinToken.parse(a.text())).isEqualTo(a);
    assertThat(a.toString()).contains(a.id()).doesNotContain(a.secret());
  }
}
