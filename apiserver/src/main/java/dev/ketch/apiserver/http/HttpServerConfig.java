package dev.ketch.apiserver.http;

import dev.ketch.pki.Credential;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTPS front end runs. Start from {@link #of} and change what differs with the
 * {@code with…} methods.
 *
 * @param bindAddress where to listen; port 0 picks a free one
 * @param serving the serving certificate (with its issuers) and key
 * @param clientCas the CAs whose client certificates authenticate users; usually the cluster CA
 * @param tokens checks bearer tokens
 * @param maxBodyBytes the largest request body; larger ones get 413 (default 3 MiB, as upstream)
 * @param maxReadOnlyInflight reads served at once before 429 (default 400; 0 = unlimited)
 * @param maxMutatingInflight writes served at once before 429 (default 200; 0 = unlimited)
 * @param maxConcurrentStreams HTTP/2 streams a client may open on one connection (default 1000)
 * @param shutdownGracePeriod how long shutdown waits for requests in flight (default 5 s)
 * @param ioThreads network threads (default: the number of processors)
 * @param clock the clock client certificates are checked against
 */
public record HttpServerConfig(
    InetSocketAddress bindAddress,
    Credential serving,
    List<X509Certificate> clientCas,
    TokenAuthenticator tokens,
    int maxBodyBytes,
    int maxReadOnlyInflight,
    int maxMutatingInflight,
    int maxConcurrentStreams,
    Duration shutdownGracePeriod,
    int ioThreads,
    Clock clock) {

  /** kube-apiserver's limit on request bodies: 3 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

  public HttpServerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(serving, "serving");
    clientCas = List.copyOf(clientCas);
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
    Objects.requireNonNull(clock, "clock");
    if (maxBodyBytes <= 0 || maxConcurrentStreams <= 0 || ioThreads <= 0) {
      throw new IllegalArgumentException("maxBodyBytes, maxConcurrentStreams and ioThreads must be positive");
    }
  }

  /** The defaults, authenticating client certificates of {@code clientCas} and no tokens. */
  public static HttpServerConfig of(InetSocketAddress bindAddress, Credential serving, List<X509Certificate> clientCas) {
    return new HttpServerConfig(
        bindAddress,
        serving,
        clientCas,
        TokenAuthenticator.NONE,
        DEFAULT_MAX_BODY_BYTES,
        400,
        200,
        1000,
        Duration.ofSeconds(5),
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        Clock.systemUTC());
  }

  public HttpServerConfig withTokens(TokenAuthenticator tokens) {
    return new HttpServerConfig(bindAddress, serving, clientCas, tokens, maxBodyBytes, maxReadOnlyInflight, maxMutatingInflight,
        maxConcurrentStreams, shutdownGracePeriod, ioThreads, clock);
  }

  public HttpServerConfig withMaxBodyBytes(int maxBodyBytes) {
    return new HttpServerConfig(bindAddress, serving, clientCas, tokens, maxBodyBytes, maxReadOnlyInflight, maxMutatingInflight,
        maxConcurrentStreams, shutdownGracePeriod, ioThreads, clock);
  }

  public HttpServerConfig withInflightLimits(int maxReadOnly, int maxMutating) {
    return new HttpServerConfig(bindAddress, serving, clientCas, tokens, maxBodyBytes, maxReadOnly, maxMutating,
        maxConcurrentStreams, shutdownGracePeriod, ioThreads, clock);
  }

  public HttpServerConfig withMaxConcurrentStreams(int maxConcurrentStreams) {
    return new HttpServerConfig(bindAddress, serving, clientCas, tokens, maxBodyBytes, maxReadOnlyInflight, maxMutatingInflight,
        maxConcurrentStreams, shutdownGracePeriod, ioThreads, clock);
  }

  public HttpServerConfig withShutdownGracePeriod(Duration shutdownGracePeriod) {
    return new HttpServerConfig(bindAddress, serving, clientCas, tokens, maxBodyBytes, maxReadOnlyInflight, maxMutatingInflight,
        maxConcurrentStreams, shutdownGracePeriod, ioThreads, clock);
  }

  public HttpServerConfig withIoThreads(int ioThreads) {
    return new HttpServerConfig(bindAddress, serving, clientCas, tokens, maxBodyBytes, maxReadOnlyInflight, maxMutatingInflight,
        maxConcurrentStreams, shutdownGracePeriod, ioThreads, clock);
  }

  public HttpServerConfig withClock(Clock clock) {
    return new HttpServerConfig(bindAddress, serving, clientCas, tokens, maxBodyBytes, maxReadOnlyInflight, maxMutatingInflight,
        maxConcurrentStreams, shutdownGracePeriod, ioThreads, clock);
  }
}
