package dev.ketch.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class RsaKeysTest {

  @Test
  void everyPairIsNewAndRsa2048WhetherPreparedOrNot() {
    KeyPair first = RsaKeys.take();
    RsaKeys.prepare();
    KeyPair second = RsaKeys.take();
    KeyPair third = RsaKeys.take();

    assertThat(((RSAPublicKey) first.getPublic()).getModulus().bitLength()).isEqualTo(2048);
    assertThat(((RSAPublicKey) second.getPublic()).getModulus().bitLength()).isEqualTo(2048);
    assertThat(first.getPublic()).isNotEqualTo(second.getPublic()).isNotEqualTo(third.getPublic());
    assertThat(second.getPublic()).isNotEqualTo(third.getPublic());
  }
}
