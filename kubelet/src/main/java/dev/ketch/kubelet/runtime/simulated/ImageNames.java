package dev.ketch.kubelet.runtime.simulated;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Docker-style normalisation of image names, and the made-up digests of simulated images. */
public final class ImageNames {

  private ImageNames() {}

  /** {@code nginx} → {@code docker.io/library/nginx:latest}; {@code quay.io/x/y} → {@code quay.io/x/y:latest}. */
  public static String normalize(String image) {
    String name = image.trim();
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    if (slash < 0) {
      name = "docker.io/library/" + name;
    } else if (!(first.contains(".") || first.contains(":") || first.equals("localhost"))) {
      name = "docker.io/" + name;
    }
    int lastSlash = name.lastIndexOf('/');
    String last = name.substring(lastSlash + 1);
    if (!last.contains(":") && !name.contains("@")) {
      name = name + ":latest";
    }
    return name;
  }

  /** The repository part: {@code docker.io/library/nginx:1.27} → {@code docker.io/library/nginx}. */
  public static String repository(String normalized) {
    int at = normalized.indexOf('@');
    if (at >= 0) {
      return normalized.substring(0, at);
    }
    int lastSlash = normalized.lastIndexOf('/');
    int colon = normalized.indexOf(':', lastSlash + 1);
    return colon < 0 ? normalized : normalized.substring(0, colon);
  }

  /** A stable sha256 digest for a name, as a simulated image's content. */
  public static String digest(String normalized) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
