package dev.ketch.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The key pair that signs service account tokens: an ECDSA P-256 key (for ES256) kept beside the
 * cluster's other credentials as {@code sa.key} (PKCS#8, owner-only) and {@code sa.pub}
 * (SubjectPublicKeyInfo, world-readable). Minted on first use and reused across restarts, so
 * tokens stay valid when the API server restarts. A directory with only one of the two files is
 * refused rather than silently invalidating every token issued.
 */
public final class ServiceAccountKey {

  private static final String KEY_FILE = "sa.key";
  private static final String PUBLIC_FILE = "sa.pub";

  private ServiceAccountKey() {}

  /**
   * The key pair in the directory, minting one when it holds none.
   *
   * @throws IllegalStateException when only one of the files exists or they cannot be read
   * @throws java.io.UncheckedIOException when the directory cannot be read or written
   */
  public static KeyPair open(Path dir) {
    Path keyFile = dir.resolve(KEY_FILE);
    Path publicFile = dir.resolve(PUBLIC_FILE);
    try {
      SecureFiles.createDirectory(dir);
      boolean hasKey = Files.exists(keyFile);
      boolean hasPublic = Files.exists(publicFile);
      if (hasKey && hasPublic) {
        return read(keyFile, publicFile);
      }
      if (hasKey || hasPublic) {
        throw new IllegalStateException("the service account key in " + dir + " is incomplete: "
            + (hasKey ? PUBLIC_FILE : KEY_FILE) + " is missing");
      }
      KeyPair pair = generate();
      SecureFiles.write(keyFile, Pem.bytes(Pem.privateKey(pair.getPrivate())), SecureFiles.OWNER_ONLY);
      SecureFiles.write(publicFile, Pem.bytes(publicKeyPem(pair.getPublic())), SecureFiles.PUBLIC);
      return pair;
    } catch (IOException e) {
      throw Pem.unchecked("cannot open the service account key in " + dir, e);
    }
  }

  /** The public key as a {@code PUBLIC KEY} PEM block. */
  public static String publicKeyPem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static KeyPair read(Path keyFile, Path publicFile) throws IOException {
    try {
      PrivateKey key = Pem.readPrivateKey(Pem.text(Files.readAllBytes(keyFile)));
      String pem = Pem.text(Files.readAllBytes(publicFile));
      String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
      return new KeyPair(publicKey, key);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("the service account key in " + keyFile.getParent() + " is unusable: " + e.getMessage(), e);
    }
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 is missing from this JDK", e);
    }
  }
}
