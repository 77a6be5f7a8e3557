package dev.ketch.apiserver.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code /version} says: the Kubernetes version the server presents, in the shape of
 * apimachinery's version.Info. Clients parse {@code gitVersion} as semver and compare
 * major/minor with their own for the skew warning.
 *
 * @param major e.g. "1"
 * @param minor e.g. "32"
 * @param gitVersion semver with a leading v, e.g. {@code v1.32.0} or {@code v1.32.0+ketch.0.1.0}
 * @param gitCommit the commit of this build, or empty
 * @param gitTreeState "clean", "dirty" or empty
 * @param buildDate RFC 3339, e.g. {@code 2025-01-01T00:00:00Z}
 * @param goVersion the runtime, reported where Go's version would be
 * @param compiler e.g. "javac"
 * @param platform {@code os/arch} as Go spells them, e.g. {@code linux/amd64}
 */
public record KubernetesVersion(
    String major,
    String minor,
    String gitVersion,
    String gitCommit,
    String gitTreeState,
    String buildDate,
    String goVersion,
    String compiler,
    String platform) {

  /** The Kubernetes version Ketch presents. */
  public static final String PRESENTED = "v1.32.0";

  private static final Pattern SEMVER =
      Pattern.compile("v(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

  public KubernetesVersion {
    if (!SEMVER.matcher(gitVersion).matches()) {
      throw new IllegalArgumentException("gitVersion must be semver with a leading v, e.g. v1.32.0, not '" + gitVersion + "'");
    }
  }

  /**
   * The version of this server: {@code gitVersion} as given (major and minor taken from it), the
   * running JDK as the runtime, and this machine's platform.
   */
  public static KubernetesVersion of(String gitVersion, String gitCommit, Instant buildDate) {
    Matcher m = SEMVER.matcher(gitVersion);
    if (!m.matches()) {
      throw new IllegalArgumentException("gitVersion must be semver with a leading v, e.g. v1.32.0, not '" + gitVersion + "'");
    }
    return new KubernetesVersion(
        m.group(1), m.group(2), gitVersion, gitCommit, gitCommit.isEmpty() ? "" : "clean",
        buildDate.truncatedTo(ChronoUnit.SECONDS).toString(), "java" + Runtime.version().feature() + "." + Runtime.version().interim() + "." + Runtime.version().update(),
        "javac", goPlatform());
  }

  /** {@code os/arch} in Go's words: linux/amd64, linux/arm64, darwin/arm64. */
  static String goPlatform() {
    String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
    if (os.startsWith("mac")) {
      os = "darwin";
    } else if (os.startsWith("windows")) {
      os = "windows";
    }
    String arch =
        switch (System.getProperty("os.arch", "unknown")) {
          case "x86_64", "amd64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          case "x86", "i386", "i686" -> "386";
          default -> System.getProperty("os.arch");
        };
    return os + "/" + arch;
  }
}
