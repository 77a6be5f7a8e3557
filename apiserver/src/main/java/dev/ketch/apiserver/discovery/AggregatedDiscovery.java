package dev.ketch.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.resource.Subresource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregated discovery documents (KEP 3352): {@code APIGroupDiscoveryList} for {@code /api}
 * (the core group alone) and for {@code /apis} (every named group), each group carrying its
 * versions and each version its resources, so that one request replaces one per group version.
 *
 * <p>client-go uses them only when both {@code /api} and {@code /apis} answer aggregated, and it
 * drops any resource or subresource without a {@code responseKind}, so every entry has one.
 * Builds fresh trees on every call; thread-safe.
 */
public final class AggregatedDiscovery {

  private final ResourceCatalog catalog;

  public AggregatedDiscovery(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  /** The document for {@code /api}: the core group. */
  public ObjectNode core(DiscoveryFormat format) {
    return document(format, true);
  }

  /** The document for {@code /apis}: every named group. */
  public ObjectNode apis(DiscoveryFormat format) {
    return document(format, false);
  }

  private ObjectNode document(DiscoveryFormat format, boolean core) {
    if (!format.aggregated()) {
      throw new IllegalArgumentException("not an aggregated format: " + format);
    }
    Map<String, List<GroupVersion>> groups = new LinkedHashMap<>();
    for (GroupVersion gv : catalog.groupVersions()) {
      if (gv.isCore() == core) {
        groups.computeIfAbsent(gv.group(), g -> new ArrayList<>()).add(gv);
      }
    }
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("kind", DiscoveryFormat.KIND).put("apiVersion", format.apiVersion());
    root.putObject("metadata");
    ArrayNode items = root.putArray("items");
    for (Map.Entry<String, List<GroupVersion>> group : groups.entrySet()) {
      ObjectNode item = items.addObject();
      ObjectNode metadata = item.putObject("metadata");
      if (!group.getKey().isEmpty()) {
        metadata.put("name", group.getKey());
      }
      ArrayNode versions = item.putArray("versions");
      for (GroupVersion gv : group.getValue()) {
        writeVersion(versions.addObject(), gv);
      }
    }
    return root;
  }

  private void writeVersion(ObjectNode node, GroupVersion gv) {
    node.put("version", gv.version());
    ArrayNode resources = node.putArray("resources");
    for (ResourceType type : catalog.inGroupVersion(gv)) {
      writeResource(resources.addObject(), type);
    }
    node.put("freshness", "Current");
  }

  private static void writeResource(ObjectNode node, ResourceType type) {
    node.put("resource", type.plural());
    kind(node.putObject("responseKind"), type.groupVersion(), type.kind());
    node.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
    node.put("singularResource", type.singular());
    strings(node.putArray("verbs"), type.verbs());
    if (!type.shortNames().isEmpty()) {
      strings(node.putArray("shortNames"), type.shortNames());
    }
    if (!type.categories().isEmpty()) {
      strings(node.putArray("categories"), type.categories());
    }
    if (!type.subresources().isEmpty()) {
      ArrayNode subs = node.putArray("subresources");
      for (Subresource sub : type.subresources()) {
        ObjectNode s = subs.addObject();
        s.put("subresource", sub.name());
        kind(s.putObject("responseKind"), sub.groupVersion() == null ? type.groupVersion() : sub.groupVersion(), sub.kind());
        strings(s.putArray("verbs"), sub.verbs());
      }
    }
  }

  private static void kind(ObjectNode node, GroupVersion gv, String kind) {
    node.put("group", gv.group()).put("version", gv.version()).put("kind", kind);
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
