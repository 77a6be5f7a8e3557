package dev.ketch.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.apiserver.errors.StatusException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InflightLimiterTest {

  private static final UserInfo USER = new UserInfo("u", "", List.of("system:authenticated"), UserInfo.Method.BEARER_TOKEN);
  private static final UserInfo ADMIN = new UserInfo("a", "", List.of("system:masters"), UserInfo.Method.CLIENT_CERTIFICATE);

  @ParameterizedTest(name = "{0} {1}?{2} -> {3}")
  @CsvSource({
    "GET, /api/v1/pods, watch=true, true",
    "GET, /api/v1/pods, watch=1, true",
    "GET, /api/v1/pods, watch=false, false",
    "GET, /api/v1/pods, watch=0, false",
    "GET, /api/v1/watch/pods, '', true",
    "GET, /api/v1/namespaces/default/pods/p/log, follow=true, true",
    "POST, /api/v1/namespaces/default/pods/p/exec, command=sh, true",
    "GET, /api/v1/namespaces/default/pods/p/portforward, '', true",
    "GET, /api/v1/namespaces/default/services/s/proxy/x/y, '', true",
    "GET, /api/v1/namespaces/default/pods/p, '', false",
    "POST, /api/v1/namespaces/default/pods, '', false",
    "GET, /version, '', false",
  })
  void longRunningRequestsAsKubeApiserverSeesThem(String method, String path, String query, boolean longRunning) {
    Map<String, List<String>> q = query.isEmpty() ? Map.of() : Map.of(query.split("=")[0], List.of(query.split("=")[1]));
    assertThat(InflightLimiter.isLongRunning(method, path, q)).isEqualTo(longRunning);
  }

  @Test
  void readsAndWritesHaveSeparateBudgetsAndRefuseWith429() {
    InflightLimiter limiter = new InflightLimiter(1, 1);

    InflightLimiter.Permit read = limiter.acquire("GET", "/api/v1/pods", Map.of(), USER);
    InflightLimiter.Permit write = limiter.acquire("POST", "/api/v1/namespaces/d/pods", Map.of(), USER);

    assertThatThrownBy(() -> limiter.acquire("GET", "/api", Map.of(), USER))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.code()).isEqualTo(429);
          assertThat(e.retryAfterSeconds()).isEqualTo(1);
          assertThat(e.toStatus().getReason()).isEqualTo("TooManyRequests");
        });
    assertThatThrownBy(() -> limiter.acquire("DELETE", "/api/v1/namespaces/d/pods/p", Map.of(), USER)).isInstanceOf(StatusException.class);

    read.close();
    read.close();
    limiter.acquire("GET", "/api", Map.of(), USER).close();
    write.close();
    limiter.acquire("PATCH", "/api/v1/namespaces/d/pods/p", Map.of(), USER).close();
  }

  @Test
  void watchesAndMastersAreNotCounted() {
    InflightLimiter limiter = new InflightLimiter(1, 1);
    limiter.acquire("GET", "/api/v1/pods", Map.of(), USER);

    limiter.acquire("GET", "/api/v1/pods", Map.of("watch", List.of("true")), USER);
    limiter.acquire("GET", "/api/v1/pods", Map.of(), ADMIN);
  }

  @Test
  void zeroMeansUnlimited() {
    InflightLimiter limiter = new InflightLimiter(0, 0);
    for (int i = 0; i < 1000; i++) {
      limiter.acquire("GET", "/api", Map.of(), USER);
      limiter.acquire("POST", "/api", Map.of(), USER);
    }
  }
}
