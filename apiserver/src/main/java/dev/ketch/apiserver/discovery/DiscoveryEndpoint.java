package dev.ketch.apiserver.discovery;

import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers {@code GET} on the discovery paths: {@code /api}, {@code /apis}, {@code /api/v1},
 * {@code /apis/<group>} and {@code /apis/<group>/<version>}.
 *
 * <p>Every document is serialised once, at construction; a request only picks bytes. {@code /api}
 * and {@code /apis} follow {@link DiscoveryFormat#negotiate}: aggregated documents carry their
 * format in the Content-Type and an ETag (with 304 on a matching If-None-Match), the legacy ones
 * are plain {@code application/json}; no Accept header ever yields 406. An unknown group or group
 * version gets kube-apiserver's 404 Status. Immutable and thread-safe.
 */
public final class DiscoveryEndpoint {

  private final boolean aggregatedEnabled;
  private final byte[] apiVersions;
  private final byte[] apiGroupList;
  private final Map<DiscoveryFormat, Tagged> aggregatedCore = new LinkedHashMap<>();
  private final Map<DiscoveryFormat, Tagged> aggregatedApis = new LinkedHashMap<>();
  private final Map<String, byte[]> groups = new LinkedHashMap<>();
  private final Map<String, byte[]> resourceLists = new LinkedHashMap<>();
  private static final byte[] NOT_FOUND =
      Json.bytes(StatusException.notFound("the server could not find the requested resource").toStatus());

  private record Tagged(byte[] body, String etag) {}

  public DiscoveryEndpoint(ResourceCatalog catalog, DiscoveryOptions options) {
    this.aggregatedEnabled = options.aggregated();
    LegacyDiscovery legacy = new LegacyDiscovery(catalog, options.serverAddresses());
    this.apiVersions = Json.bytes(legacy.apiVersions());
    this.apiGroupList = Json.bytes(legacy.apiGroupList());
    for (String group : legacy.namedGroups().keySet()) {
      groups.put(group, Json.bytes(legacy.apiGroup(group).orElseThrow()));
    }
    for (GroupVersion gv : catalog.groupVersions()) {
      resourceLists.put(gv.apiVersion(), Json.bytes(legacy.apiResourceList(gv).orElseThrow()));
    }
    AggregatedDiscovery aggregated = new AggregatedDiscovery(catalog);
    for (DiscoveryFormat f : DiscoveryFormat.values()) {
      if (f.aggregated()) {
        aggregatedCore.put(f, tag(Json.bytes(aggregated.core(f))));
        aggregatedApis.put(f, tag(Json.bytes(aggregated.apis(f))));
      }
    }
  }

  /**
   * The answer to {@code GET path}, or empty when the path is not a discovery path (resource
   * paths such as {@code /api/v1/pods} are not).
   *
   * @param path the request path, without query; one trailing slash is ignored
   * @param accept the Accept header, or null
   * @param ifNoneMatch the If-None-Match header, or null
   */
  public Optional<DiscoveryResponse> serve(String path, String accept, String ifNoneMatch) {
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    List<String> segments = p.startsWith("/") ? List.of(p.substring(1).split("/", -1)) : List.of();
    if (segments.isEmpty() || segments.contains("")) {
      return Optional.empty();
    }
    return switch (segments.getFirst()) {
      case "api" -> switch (segments.size()) {
        case 1 -> Optional.of(root(apiVersions, aggregatedCore, accept, ifNoneMatch));
        case 2 -> Optional.of(json(resourceLists.get(segments.get(1))));
        default -> Optional.empty();
      };
      case "apis" -> switch (segments.size()) {
        case 1 -> Optional.of(root(apiGroupList, aggregatedApis, accept, ifNoneMatch));
        case 2 -> Optional.of(json(groups.get(segments.get(1))));
        case 3 -> Optional.of(json(groupVersionList(segments.get(1), segments.get(2))));
        default -> Optional.empty();
      };
      default -> Optional.empty();
    };
  }

  private byte[] groupVersionList(String group, String version) {
    // "/apis/<group>/<version>" never names the core group, even when <group> is empty-looking.
    return group.isEmpty() ? null : resourceLists.get(group + "/" + version);
  }

  private DiscoveryResponse root(
      byte[] legacy, Map<DiscoveryFormat, Tagged> aggregated, String accept, String ifNoneMatch) {
    DiscoveryFormat format = DiscoveryFormat.negotiate(accept, aggregatedEnabled);
    if (!format.aggregated()) {
      return new DiscoveryResponse(200, Map.of("Content-Type", format.contentType(), "Vary", "Accept"), legacy);
    }
    Tagged doc = aggregated.get(format);
    Map<String, String> headers = Map.of("Content-Type", format.contentType(), "Vary", "Accept", "ETag", doc.etag());
    if (EntityTags.matches(ifNoneMatch, doc.etag())) {
      return new DiscoveryResponse(304, headers, new byte[0]);
    }
    return new DiscoveryResponse(200, headers, doc.body());
  }

  private static DiscoveryResponse json(byte[] body) {
    if (body == null) {
      return new DiscoveryResponse(404, Map.of("Content-Type", "application/json"), NOT_FOUND);
    }
    return new DiscoveryResponse(200, Map.of("Content-Type", "application/json"), body);
  }

  private static Tagged tag(byte[] body) {
    return new Tagged(body, EntityTags.quoted(EntityTags.sha256Hex(body)));
  }
}
