package dev.ketch.bench.api;

import dev.ketch.pki.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTP/2 client with the admin's credentials from a kubeconfig written by the API server
 * (certificate-authority-data, client-certificate-data, client-key-data).
 */
final class AdminClient {

  final HttpClient http;
  final String server;

  AdminClient(Path kubeconfig) throws Exception {
    String text = Files.readString(kubeconfig);
    server = field(text, "server");
    X509Certificate ca = Pem.readCertificates(decode(field(text, "certificate-authority-data"))).getFirst();
    List<X509Certificate> chain = Pem.readCertificates(decode(field(text, "client-certificate-data")));
    PrivateKey key = Pem.readPrivateKey(decode(field(text, "client-key-data")));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("admin", key, new char[0], chain.toArray(new X509Certificate[0]));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_2).build();
  }

  private static String field(String yaml, String name) {
    Matcher m = Pattern.compile(name + ":\\s*\"?([^\"\\s]+)\"?").matcher(yaml);
    if (!m.find()) {
      throw new IllegalArgumentException("kubeconfig has no " + name);
    }
    return m.group(1);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
  }

  HttpResponse<byte[]> send(String method, String path, String body, String contentType) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
    }
    return r;
  }
}
