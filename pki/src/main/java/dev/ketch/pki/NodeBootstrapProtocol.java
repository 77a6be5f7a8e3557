package dev.ketch.pki;

/**
 * How a machine joins the cluster with a {@link JoinToken}; the API server serves it, {@code ketch
 * agent --server … --token …} follows it.
 *
 * <ol>
 *   <li>{@code GET} {@value #CA_PATH}, over TLS without verifying the server (nothing secret is
 *       sent): the cluster CA certificate as PEM. The node hashes it ({@link CaCertHash}) and stops
 *       unless the hash is the token's.
 *   <li>{@code POST} {@value #CREDENTIALS_PATH}, over TLS verified against that CA, with {@code
 *       Authorization: Bearer <id>.<secret>} and the JSON body {@code {"nodeName": "<name>", "csr":
 *       "<PEM PKCS#10 request>"}}; the request's subject must be {@code CN=system:node:<name>,
 *       O=system:nodes}. The answer is {@code {"certificate": "<PEM>", "ca": "<PEM>"}}: a client
 *       certificate for the request's key, signed by the cluster CA. A missing or unknown token
 *       gets 401, a bad request 400, too many requests from one address 429, each with a Status.
 * </ol>
 *
 * Join tokens are good for nothing else: the rest of the API does not accept them.
 */
public final class NodeBootstrapProtocol {

  private NodeBootstrapProtocol() {}

  /** The cluster CA, public. */
  public static final String CA_PATH = "/ketch/v1/ca";

  /** Node credentials for a join token. */
  public static final String CREDENTIALS_PATH = "/ketch/v1/node-credentials";

  /** The group of every node, as upstream's. */
  public static final String NODES_GROUP = "system:nodes";

  /** The user name prefix of nodes, as upstream's. */
  public static final String NODE_USER_PREFIX = "system:node:";

  /** The identity a node's certificate carries. */
  public static ClientIdentity nodeIdentity(String nodeName) {
    return new ClientIdentity(NODE_USER_PREFIX + nodeName, java.util.List.of(NODES_GROUP));
  }
}
