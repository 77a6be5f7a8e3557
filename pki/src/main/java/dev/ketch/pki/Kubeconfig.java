package dev.ketch.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;

/**
 * A kubeconfig file with one cluster, one user and one context between them, the current one, as
 * kubectl, client-go, fabric8 and client-java read it. Every credential is embedded
 * ({@code certificate-authority-data}, {@code client-certificate-data}, {@code client-key-data} or
 * {@code token}), so the file stands alone.
 *
 * @param name the name of the cluster and of the context, e.g. {@code ketch}
 * @param server the API server's URL, e.g. {@code https://127.0.0.1:6443}
 * @param ca the CA that signed the server's certificate
 * @param user the name of the user entry, e.g. {@code ketch-admin}
 * @param clientCredential the client certificate and key, or null
 * @param token a bearer token, or null
 *     <p>With neither a client credential nor a token, kubectl prompts for a user name and password.
 */
public record Kubeconfig(
    String name, String server, X509Certificate ca, String user, Credential clientCredential, String token) {

  public Kubeconfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(user, "user");
    if (!server.startsWith("https://")) {
      throw new IllegalArgumentException("the server URL must be https://…, not '" + server + "'");
    }
  }

  /** A kubeconfig that authenticates with a client certificate; the user entry is named after its CN. */
  public static Kubeconfig withClientCertificate(String server, X509Certificate ca, Credential client) {
    String user = ClusterCredentials.identityOf(client.certificate()).user();
    return new Kubeconfig("ketch", server, ca, user, client, null);
  }

  /** A kubeconfig that authenticates with a bearer token. */
  public static Kubeconfig withToken(String server, X509Certificate ca, String user, String token) {
    return new Kubeconfig("ketch", server, ca, user, null, token);
  }

  /** The file's text. */
  public String toYaml() {
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: v1\n");
    y.append("kind: Config\n");
    y.append("clusters:\n");
    y.append("- name: ").append(quote(name)).append('\n');
    y.append("  cluster:\n");
    y.append("    server: ").append(quote(server)).append('\n');
    y.append("    certificate-authority-data: ").append(base64(Pem.certificate(ca))).append('\n');
    y.append("users:\n");
    y.append("- name: ").append(quote(user)).append('\n');
    if (clientCredential == null && token == null) {
      y.append("  user: {}\n");
    } else {
      y.append("  user:\n");
      if (clientCredential != null) {
        y.append("    client-certificate-data: ").append(base64(clientCredential.certificatePem())).append('\n');
        y.append("    client-key-data: ").append(base64(clientCredential.privateKeyPem())).append('\n');
      }
      if (token != null) {
        y.append("    token: ").append(quote(token)).append('\n');
      }
    }
    y.append("contexts:\n");
    y.append("- name: ").append(quote(name)).append('\n');
    y.append("  context:\n");
    y.append("    cluster: ").append(quote(name)).append('\n');
    y.append("    user: ").append(quote(user)).append('\n');
    y.append("current-context: ").append(quote(name)).append('\n');
    y.append("preferences: {}\n");
    return y.toString();
  }

  /** Writes the file atomically, owner-only (0600): it holds a private key or a token. */
  public void writeTo(Path file) {
    try {
      SecureFiles.write(file, toYaml().getBytes(StandardCharsets.UTF_8), SecureFiles.OWNER_ONLY);
    } catch (IOException e) {
      throw Pem.unchecked("cannot write the kubeconfig " + file, e);
    }
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  /** A YAML double-quoted scalar: safe for any name, URL or token. */
  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\x%02x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  @Override
  public String toString() {
    return "Kubeconfig[" + name + " " + server + " user=" + user + "]";
  }
}
