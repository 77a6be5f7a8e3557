package dev.ketch.apiserver.support;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The fabric8 client against a test server, configured as Ketch's controllers configure it:
 * watches as plain HTTP streams (or, on request, over WebSockets as fabric8 does by default), and the client key's algorithm read from the key (fabric8 guesses
 * RSA for a PKCS#8 key). The caller closes it.
 */
public final class Fabric8 {

  private Fabric8() {}

  public static KubernetesClient client(Path kubeconfig) {
    return client(kubeconfig, true);
  }

  /** As {@link #client(Path)}, with fabric8's default WebSocket watches when {@code httpWatches} is false. */
  public static KubernetesClient client(Path kubeconfig, boolean httpWatches) {
    Config config = Config.fromKubeconfig(kubeconfig.toFile());
    config.setOnlyHttpWatches(httpWatches);
    if (config.getClientKeyAlgo() == null) {
      String algorithm = keyAlgorithm(config);
      if (algorithm != null) {
        config.setClientKeyAlgo(algorithm);
      }
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static String keyAlgorithm(Config config) {
    String pem;
    try {
      if (config.getClientKeyData() != null) {
        pem = new String(Base64.getDecoder().decode(config.getClientKeyData().trim()), StandardCharsets.US_ASCII);
      } else if (config.getClientKeyFile() != null) {
        pem = Files.readString(Path.of(config.getClientKeyFile()), StandardCharsets.US_ASCII);
      } else {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      return null;
    }
    String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
        .replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    for (String algorithm : new String[] {"EC", "RSA"}) {
      try {
        KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        return algorithm;
      } catch (GeneralSecurityException e) {
        // Not this algorithm: try the next.
      }
    }
    return null;
  }
}
