package dev.ketch.apiserver.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiHandler;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.json.Json;
import dev.ketch.pki.CertificateAuthority;
import dev.ketch.pki.CertificateRequests;
import dev.ketch.pki.ClientIdentity;
import dev.ketch.pki.JoinToken;
import dev.ketch.pki.JoinTokenFile;
import dev.ketch.pki.NodeBootstrapProtocol;
import dev.ketch.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a machine with a join token becomes a node ({@link NodeBootstrapProtocol}): {@code GET
 * /ketch/v1/ca} answers the cluster CA to anyone; {@code POST /ketch/v1/node-credentials} checks the
 * bearer token against the {@link JoinTokenFile} itself (the front end lets both paths through
 * without authentication, and accepts join tokens nowhere else) and answers a client certificate
 * {@code CN=system:node:<name>, O=system:nodes} for the key of the node's certificate request.
 * Each client address may ask for credentials 10 times at once and once more every 6 seconds;
 * beyond that it gets 429. Every other path goes to the next handler.
 *
 * <p>Any holder of a join token may get a certificate for any node name, as with kubeadm's
 * bootstrap tokens before the NodeRestriction admission plugin; limiting nodes to their own
 * objects is the authorizer's job, which is still to come.
 *
 * <p>Thread-safe; blocks briefly on the token file and on signing.
 */
public final class NodeBootstrapEndpoints implements ApiHandler {

  private static final Logger log = LoggerFactory.getLogger(NodeBootstrapEndpoints.class);
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** How long a node certificate is valid. */
  public static final Duration NODE_CERTIFICATE_VALIDITY = Duration.ofDays(365);

  private final CertificateAuthority ca;
  private final JoinTokenFile tokens;
  private final RequestRate rate;
  private final ApiHandler next;
  private final byte[] caPem;

  public NodeBootstrapEndpoints(CertificateAuthority ca, JoinTokenFile tokens, Clock clock, ApiHandler next) {
    this.ca = ca;
    this.tokens = tokens;
    this.rate = new RequestRate(clock, 10, Duration.ofSeconds(6));
    this.next = next;
    this.caPem = Pem.certificate(ca.certificate()).getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether the front end should let a request for {@code path} through without credentials. */
  public static boolean isBootstrapPath(String path) {
    return path.equals(NodeBootstrapProtocol.CA_PATH) || path.equals(NodeBootstrapProtocol.CREDENTIALS_PATH);
  }

  @Override
  public void handle(ApiRequest request, ApiResponse response) throws Exception {
    switch (request.path()) {
      case NodeBootstrapProtocol.CA_PATH -> {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
          throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        response.send(200, "application/x-pem-file", caPem);
      }
      case NodeBootstrapProtocol.CREDENTIALS_PATH -> credentials(request, response);
      default -> next.handle(request, response);
    }
  }

  private void credentials(ApiRequest request, ApiResponse response) {
    if (!request.method().equals("POST")) {
      throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    String address = request.remoteAddress() == null ? "" : request.remoteAddress().getAddress().getHostAddress();
    Duration wait = rate.acquire(address);
    if (!wait.isZero()) {
      throw StatusException.tooManyRequests("too many node credential requests from " + address + ", please try again later",
          (int) Math.max(1, (wait.toMillis() + 999) / 1000));
    }
    Optional<JoinToken> token = tokens.authenticate(bearer(request.header("Authorization")));
    if (token.isEmpty()) {
      log.info("node credentials refused: missing or unknown join token remote={}", address);
      throw StatusException.unauthorized();
    }
    JsonNode body;
    try {
      body = Json.mapper().readTree(request.body());
    } catch (java.io.IOException e) {
      throw StatusException.badRequest("the body must be JSON: {\"nodeName\": …, \"csr\": …}");
    }
    String nodeName = text(body, "nodeName");
    if (nodeName.isEmpty() || nodeName.length() > 253 || !DNS_SUBDOMAIN.matcher(nodeName).matches()) {
      throw StatusException.badRequest("nodeName must be a lower-case DNS subdomain (RFC 1123), not '" + nodeName + "'");
    }
    CertificateRequests.Request csr;
    try {
      csr = CertificateRequests.read(text(body, "csr"));
    } catch (IllegalArgumentException e) {
      throw StatusException.badRequest("csr: " + e.getMessage());
    }
    ClientIdentity wanted = NodeBootstrapProtocol.nodeIdentity(nodeName);
    if (!csr.identity().equals(wanted)) {
      throw StatusException.badRequest("csr: the subject must be CN=" + wanted.user() + ", O=" + NodeBootstrapProtocol.NODES_GROUP
          + ", not CN=" + csr.identity().user() + ", O=" + String.join(",", csr.identity().groups()));
    }
    X509Certificate cert = ca.signClient(wanted, csr.publicKey(), NODE_CERTIFICATE_VALIDITY);
    log.info("issued node credentials node={} tokenId={} remote={} notAfter={}", nodeName, token.get().id(), address,
        cert.getNotAfter().toInstant());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("certificate", Pem.certificate(cert));
    answer.put("ca", Pem.certificate(ca.certificate()));
    response.send(200, "application/json", Json.bytes(answer));
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body == null ? null : body.get(field);
    return n == null || !n.isTextual() ? "" : n.asText();
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    List<String> parts = List.of(authorization.trim().split(" +"));
    return parts.size() == 2 && parts.getFirst().equalsIgnoreCase("bearer") ? parts.get(1) : null;
  }
}
