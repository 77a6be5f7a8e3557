package dev.ketch.apiserver.discovery;

import dev.ketch.apiserver.discovery.AcceptHeader.MediaRange;

/**
 * The representations of {@code /api} and {@code /apis}: the legacy documents ({@code
 * APIVersions}, {@code APIGroupList}) and the aggregated {@code APIGroupDiscoveryList} of
 * apidiscovery.k8s.io v2 and v2beta1.
 *
 * <p>Clients choose with the Accept header and recognise the answer by the response
 * Content-Type's {@code g}, {@code v} and {@code as} parameters; client-go sends {@code
 * application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,…v2beta1…,application/json}
 * (v2beta1 only up to kubectl 1.29), the Java clients plain JSON. A server must never answer 406
 * here: whatever is asked, the legacy JSON document is the fallback.
 */
public enum DiscoveryFormat {
  LEGACY(null),
  AGGREGATED_V2("v2"),
  AGGREGATED_V2BETA1("v2beta1");

  /** The group of the aggregated discovery types. */
  public static final String GROUP = "apidiscovery.k8s.io";
  /** The kind of the aggregated document. */
  public static final String KIND = "APIGroupDiscoveryList";

  private final String version;

  DiscoveryFormat(String version) {
    this.version = version;
  }

  /** The apidiscovery version, or null for the legacy documents. */
  public String version() {
    return version;
  }

  public boolean aggregated() {
    return version != null;
  }

  /** The apiVersion of the aggregated document, e.g. {@code apidiscovery.k8s.io/v2}. */
  public String apiVersion() {
    return GROUP + "/" + version;
  }

  /** The response Content-Type that tells clients which representation they got. */
  public String contentType() {
    return aggregated() ? "application/json;g=" + GROUP + ";v=" + version + ";as=" + KIND : "application/json";
  }

  /**
   * The representation to send for an Accept header: the first range, best first, that asks for
   * an aggregated version this server has (when {@code aggregatedEnabled}) or for plain JSON;
   * ranges that ask for something else (protobuf, {@code as=Table}, an unknown version) are
   * passed over; if none fits, {@link #LEGACY}.
   */
  public static DiscoveryFormat negotiate(String accept, boolean aggregatedEnabled) {
    for (MediaRange range : AcceptHeader.parse(accept).ranges()) {
      if (range.quality() <= 0 || !range.admits("application", "json")) {
        continue;
      }
      if (!range.hasParams()) {
        return LEGACY;
      }
      if (aggregatedEnabled && isAggregated(range)) {
        for (DiscoveryFormat f : values()) {
          if (f.aggregated() && f.version.equals(range.params().get("v"))) {
            return f;
          }
        }
      }
    }
    return LEGACY;
  }

  private static boolean isAggregated(MediaRange range) {
    // "profile=nopeer" asks for the documents of this server alone: with no peers, that is all of
    // them. Any other parameter asks for something this server does not have.
    for (var param : range.params().entrySet()) {
      boolean known =
          switch (param.getKey()) {
            case "g" -> param.getValue().equals(GROUP);
            case "as" -> param.getValue().equals(KIND);
            case "v", "charset" -> true;
            case "profile" -> param.getValue().equals("nopeer");
            default -> false;
          };
      if (!known) {
        return false;
      }
    }
    return range.params().containsKey("g") && range.params().containsKey("v") && range.params().containsKey("as");
  }
}
