package dev.ketch.bench.scheduler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's request counts by verb and resource, read from its /metrics
 * (apiserver_request_total), so a run can say how many API calls each pod cost.
 */
public final class ApiRequestCounts {

  private static final Pattern LINE = Pattern.compile("^apiserver_request_total\\{([^}]*)\\}\\s+([0-9.eE+]+)");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private ApiRequestCounts() {}

  /** Counts keyed "VERB resource[/subresource]". */
  public static Map<String, Double> read(KubernetesClient client) throws Exception {
    String url = client.getMasterUrl().toString();
    var http = client.getHttpClient();
    HttpResponse<String> r = http.sendAsync(http.newHttpRequestBuilder().uri(url + (url.endsWith("/") ? "" : "/") + "metrics").build(),
        String.class).get();
    Map<String, Double> out = new TreeMap<>();
    for (String line : r.body().split("\n")) {
      Matcher m = LINE.matcher(line);
      if (!m.find()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      String sub = labels.getOrDefault("subresource", "");
      String key = labels.getOrDefault("verb", "?") + " " + labels.getOrDefault("resource", "?") + (sub.isEmpty() ? "" : "/" + sub);
      out.merge(key, Double.parseDouble(m.group(2)), Double::sum);
    }
    return out;
  }

  /** after − before, keeping only entries that grew. */
  public static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> out = new TreeMap<>();
    after.forEach((k, v) -> {
      double d = v - before.getOrDefault(k, 0.0);
      if (d > 0) {
        out.put(k, d);
      }
    });
    return out;
  }
}
