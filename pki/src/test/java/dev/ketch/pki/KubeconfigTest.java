package dev.ketch.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {

  @TempDir Path tmp;

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  @Test
  void writesAStandardKubeconfigWithEmbeddedCredentialsOwnerOnly() throws Exception {
    ClusterCredentials creds = ClusterCredentials.open(tmp.resolve("tls"), Clock.systemUTC());
    Credential admin = creds.client("admin", ClientIdentity.ADMIN);
    Path file = tmp.resolve("admin.kubeconfig");

    Kubeconfig.withClientCertificate("https://127.0.0.1:6443", creds.ca().certificate(), admin).writeTo(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    JsonNode k = yaml.readTree(file.toFile());
    assertThat(k.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(k.path("kind").asText()).isEqualTo("Config");
    assertThat(k.path("current-context").asText()).isEqualTo("ketch");
    JsonNode cluster = k.path("clusters").get(0);
    assertThat(cluster.path("name").asText()).isEqualTo("ketch");
    assertThat(cluster.path("cluster").path("server").asText()).isEqualTo("https://127.0.0.1:6443");
    assertThat(Pem.readCertificates(decode(cluster.path("cluster").path("certificate-authority-data"))))
        .containsExactly(creds.ca().certificate());
    JsonNode user = k.path("users").get(0);
    assertThat(user.path("name").asText()).isEqualTo("ketch-admin");
    assertThat(Pem.readCertificates(decode(user.path("user").path("client-certificate-data"))))
        .containsExactly(admin.certificate());
    assertThat(Pem.readPrivateKey(decode(user.path("user").path("client-key-data")))).isEqualTo(admin.privateKey());
    JsonNode context = k.path("contexts").get(0);
    assertThat(context.path("name").asText()).isEqualTo("ketch");
    assertThat(context.path("context").path("cluster").asText()).isEqualTo("ketch");
    assertThat(context.path("context").path("user").asText()).isEqualTo("ketch-admin");
  }

  @Test
  void tokenUsers() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("ca", Clock.systemUTC());

    JsonNode withToken = yaml.readTree(Kubeconfig.withToken("https://[::1]:6443", ca.certificate(), "robot", "abc\"def").toYaml());
    JsonNode anonymous = yaml.readTree(new Kubeconfig("ketch", "https://localhost:6443", ca.certificate(), "nobody", null, null).toYaml());

    assertThat(withToken.path("users").get(0).path("user").path("token").asText()).isEqualTo("abc\"def");
    assertThat(withToken.path("clusters").get(0).path("cluster").path("server").asText()).isEqualTo("https://[::1]:6443");
    assertThat(anonymous.path("users").get(0).path("user").isObject()).isTrue();
    assertThat(anonymous.path("users").get(0).path("user").size()).isZero();
  }

  @Test
  void rewritingReplacesTheFileWhole() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("ca", Clock.systemUTC());
    Path file = tmp.resolve("k");
    Kubeconfig.withToken("https://a:1", ca.certificate(), "u", "one").writeTo(file);
    Kubeconfig.withToken("https://b:2", ca.certificate(), "u", "two").writeTo(file);

    assertThat(Files.readString(file)).contains("https://b:2").doesNotContain("https://a:1");
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(file);
    }
  }

  private static String decode(JsonNode base64) {
    return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.US_ASCII);
  }
}
