package dev.ketch.apiserver;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link ApiServer} runs.
 *
 * @param bindAddress where HTTPS is served (port 0 picks a free port)
 * @param tlsDir where the cluster CA, serving and client certificates are kept (created on first
 *     start, reused after)
 * @param kubeconfigFiles where to write the admin kubeconfig
 * @param advertisedHost the host name clients should use in the kubeconfig, e.g. 127.0.0.1
 * @param extraSans more names and addresses for the serving certificate
 * @param serviceCidr the range of Service cluster IPs
 * @param tokenFile a kube-apiserver style static token file, or null
 * @param joinTokenFile the join tokens of nodes ({@code <data-dir>/token}; one is created at first
 *     start), which enables the node bootstrap endpoints; null for none
 * @param clock the clock of timestamps, certificate validity and ages
 */
public record ApiServerConfig(
    InetSocketAddress bindAddress,
    Path tlsDir,
    List<Path> kubeconfigFiles,
    String advertisedHost,
    List<String> extraSans,
    String serviceCidr,
    Path tokenFile,
    Path joinTokenFile,
    Clock clock) {

  public ApiServerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(tlsDir, "tlsDir");
    kubeconfigFiles = List.copyOf(kubeconfigFiles);
    extraSans = List.copyOf(extraSans);
    Objects.requireNonNull(clock, "clock");
  }

  public static ApiServerConfig of(InetSocketAddress bindAddress, Path dataDir) {
    return new ApiServerConfig(bindAddress, dataDir.resolve("tls"), List.of(dataDir.resolve("kubeconfig")),
        "127.0.0.1", List.of(), "10.43.0.0/16", null, null, Clock.systemUTC());
  }

  public ApiServerConfig withKubeconfigFiles(List<Path> files) {
    return new ApiServerConfig(bindAddress, tlsDir, files, advertisedHost, extraSans, serviceCidr, tokenFile, joinTokenFile, clock);
  }

  public ApiServerConfig withExtraSans(List<String> sans) {
    return new ApiServerConfig(bindAddress, tlsDir, kubeconfigFiles, advertisedHost, sans, serviceCidr, tokenFile, joinTokenFile, clock);
  }

  public ApiServerConfig withTokenFile(Path file) {
    return new ApiServerConfig(bindAddress, tlsDir, kubeconfigFiles, advertisedHost, extraSans, serviceCidr, file, joinTokenFile, clock);
  }

  /** Serves the node bootstrap endpoints for the join tokens in {@code file}. */
  public ApiServerConfig withJoinTokenFile(Path file) {
    return new ApiServerConfig(bindAddress, tlsDir, kubeconfigFiles, advertisedHost, extraSans, serviceCidr, tokenFile, file, clock);
  }

  public ApiServerConfig withAdvertisedHost(String host) {
    return new ApiServerConfig(bindAddress, tlsDir, kubeconfigFiles, host, extraSans, serviceCidr, tokenFile, joinTokenFile, clock);
  }
}
