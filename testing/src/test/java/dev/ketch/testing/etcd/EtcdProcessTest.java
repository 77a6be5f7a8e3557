package dev.ketch.testing.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EtcdProcessTest {

  private static String health(EtcdProcess etcd) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(etcd.endpoint() + "/health")).build();
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  @Test
  void startsAHealthyEtcdAndRemovesEveryTraceOnClose() throws Exception {
    EtcdProcess etcd = EtcdProcess.start();
    Path logFile = etcd.logFile();
    try (etcd) {
      assertThat(etcd.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(health(etcd)).contains("\"health\":\"true\"");
      assertThat(Files.readString(logFile)).isNotEmpty();
    }

    assertThat(etcd.isAlive()).isFalse();
    assertThat(logFile.getParent()).doesNotExist();
    etcd.close();
  }

  @Test
  void twoInstancesRunSideBySide() throws Exception {
    try (EtcdProcess first = EtcdProcess.start();
        EtcdProcess second = EtcdProcess.start()) {
      assertThat(first.endpoint()).isNotEqualTo(second.endpoint());
      assertThat(health(first)).contains("true");
      assertThat(health(second)).contains("true");
    }
  }

  @Test
  void aMissingBinaryFailsWithHowToInstallIt() {
    assertThatThrownBy(() -> EtcdProcess.start(Path.of("/nonexistent/etcd")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install -y etcd-server");
  }
}
