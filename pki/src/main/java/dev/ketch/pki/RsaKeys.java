package dev.ketch.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * RSA-2048 key pairs, one generated ahead: generating one takes hundreds of milliseconds, so the
 * next is made in the background as soon as one is taken, and a process that starts several
 * clusters (tests) gets its next client key at once. Every pair is handed out once: no two
 * certificates share a key. The spare lives in memory only. Thread-safe.
 */
public final class RsaKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static CompletableFuture<KeyPair> spare;

  private RsaKeys() {}

  /** Starts generating a spare key pair in the background, if none is ready or under way. */
  public static synchronized void prepare() {
    if (spare == null) {
      spare = CompletableFuture.supplyAsync(RsaKeys::generate,
          task -> Thread.ofVirtual().name("ketch-rsa-keygen").start(task));
    }
  }

  /** A fresh key pair: the spare if one was prepared, else a new one; a new spare is then prepared. */
  static KeyPair take() {
    CompletableFuture<KeyPair> ready;
    synchronized (RsaKeys.class) {
      ready = spare;
      spare = null;
    }
    KeyPair keys;
    try {
      keys = ready != null ? ready.join() : generate();
    } catch (CompletionException e) {
      keys = generate();
    }
    prepare();
    return keys;
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is missing from this JDK", e);
    }
  }
}
