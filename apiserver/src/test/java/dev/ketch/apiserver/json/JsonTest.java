package dev.ketch.apiserver.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void leaseMicroTimesReadAndWriteAsKubernetesWritesThem() throws Exception {
    String body = "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"node-a\"},"
        + "\"spec\":{\"holderIdentity\":\"node-a\",\"leaseDurationSeconds\":40,"
        + "\"renewTime\":\"2026-11-21T10:00:00.123456Z\",\"acquireTime\":\"2026-11-21T09:00:00.000000Z\"}}";

    Lease lease = Json.mapper().readValue(body.getBytes(StandardCharsets.UTF_8), Lease.class);
    JsonNode written = Json.mapper().valueToTree(lease);

    assertThat(lease.getSpec().getRenewTime().getNano()).isEqualTo(123_456_000);
    assertThat(written.path("spec").path("renewTime").asText()).isEqualTo("2026-11-21T10:00:00.123456Z");
    assertThat(written.path("spec").path("acquireTime").asText()).isEqualTo("2026-11-21T09:00:00.000000Z");
  }
}
