package dev.ketch.apiserver.discovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The {@code storageVersionHash} of discovery: an opaque token that changes when a resource's
 * storage version changes, computed the way kube-apiserver does so that tools comparing it (the
 * storage version migrator) see the same values: base64 of the first 8 bytes of SHA-256 over
 * {@code group/version/kind} of the storage version.
 */
public final class StorageVersionHash {

  private StorageVersionHash() {}

  public static String of(String group, String version, String kind) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((group + "/" + version + "/" + kind).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(Arrays.copyOf(digest, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
