package dev.ketch.controllers.manager;

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

/** Builds the fabric8 client that controllers use from a kubeconfig file. */
public final class KubeClients {

  private KubeClients() {}

  /**
   * A client for the current context of {@code kubeconfig}, set up the way controllers need it:
   *
   * <ul>
   *   <li>watches are plain HTTP streams, as client-go's, without fabric8's first attempt at a
   *       WebSocket for each (a server that does not upgrade must refuse it quickly, or the
   *       informer waits);
   *   <li>the client key's algorithm is read from the key itself: fabric8 guesses RSA for a
   *       PKCS#8 {@code PRIVATE KEY} block, and fails on an EC one;
   *   <li>closing it also stops the JDK HTTP client's selector thread.
   * </ul>
   */
  public static KubernetesClient fromKubeconfig(Path kubeconfig) {
    if (!Files.isReadable(kubeconfig)) {
      throw new UncheckedIOException(new IOException("cannot read kubeconfig " + kubeconfig));
    }
    Config config = Config.fromKubeconfig(kubeconfig.toFile());
    config.setOnlyHttpWatches(true);
    if (config.getClientKeyAlgo() == null) {
      String algorithm = keyAlgorithm(config);
      if (algorithm != null) {
        config.setClientKeyAlgo(algorithm);
      }
    }
    return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new ClosingJdkHttpClientFactory()).build();
  }

  /** RSA or EC for a PKCS#8 client key, else null (fabric8 reads the other PEM forms itself). */
  static String keyAlgorithm(Config config) {
    String pem = null;
    try {
      if (config.getClientKeyData() != null) {
        pem = new String(Base64.getDecoder().decode(config.getClientKeyData().trim()), StandardCharsets.US_ASCII);
      } else if (config.getClientKeyFile() != null) {
        pem = Files.readString(Path.of(config.getClientKeyFile()), StandardCharsets.US_ASCII);
      }
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
    if (pem == null || !pem.contains("-----BEGIN PRIVATE KEY-----")) {
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
