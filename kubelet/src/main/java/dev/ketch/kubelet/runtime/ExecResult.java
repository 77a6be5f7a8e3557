package dev.ketch.kubelet.runtime;

/** What a command run with {@link RuntimeService#execSync} printed and how it exited. */
public record ExecResult(byte[] stdout, byte[] stderr, int exitCode) {

  public String stdoutText() {
    return new String(stdout, java.nio.charset.StandardCharsets.UTF_8);
  }

  public String stderrText() {
    return new String(stderr, java.nio.charset.StandardCharsets.UTF_8);
  }
}
