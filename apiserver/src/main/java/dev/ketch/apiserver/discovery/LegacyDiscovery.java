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
import java.util.Optional;

/**
 * The unaggregated discovery documents, shaped field for field like kube-apiserver's: {@code /api}
 * (APIVersions), {@code /apis} (APIGroupList), {@code /apis/<group>} (APIGroup) and the
 * APIResourceList of each group version. Every client reads these; the Java clients read nothing
 * else.
 *
 * <p>Details that clients rely on: subresources are entries of their own ({@code pods/status});
 * a subresource whose kind lives in another group names that group and version ({@code
 * deployments/scale} is autoscaling/v1 Scale, {@code pods/eviction} policy/v1 Eviction, which
 * kubectl drain needs to evict instead of delete); {@code namespaced} and {@code singularName}
 * are always present, empty lists are left out. Builds fresh trees on every call; thread-safe.
 */
public final class LegacyDiscovery {

  private final ResourceCatalog catalog;
  private final List<ServerAddress> serverAddresses;

  public LegacyDiscovery(ResourceCatalog catalog, List<ServerAddress> serverAddresses) {
    this.catalog = catalog;
    this.serverAddresses = List.copyOf(serverAddresses);
  }

  /** {@code GET /api}: the core group's versions. Upstream sends a kind but no apiVersion here. */
  public ObjectNode apiVersions() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("kind", "APIVersions");
    ArrayNode versions = root.putArray("versions");
    for (GroupVersion gv : catalog.groupVersions()) {
      if (gv.isCore()) {
        versions.add(gv.version());
      }
    }
    ArrayNode addresses = root.putArray("serverAddressByClientCIDRs");
    for (ServerAddress a : serverAddresses) {
      addresses.addObject().put("clientCIDR", a.clientCIDR()).put("serverAddress", a.serverAddress());
    }
    return root;
  }

  /** {@code GET /apis}: every named group, its versions, preferred first. */
  public ObjectNode apiGroupList() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = root.putArray("groups");
    for (Map.Entry<String, List<GroupVersion>> group : namedGroups().entrySet()) {
      writeGroup(groups.addObject(), group.getKey(), group.getValue());
    }
    return root;
  }

  /** {@code GET /apis/<group>}, or empty when the server has no such group. */
  public Optional<ObjectNode> apiGroup(String group) {
    List<GroupVersion> versions = namedGroups().get(group);
    if (versions == null) {
      return Optional.empty();
    }
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("kind", "APIGroup").put("apiVersion", "v1");
    writeGroup(root, group, versions);
    return Optional.of(root);
  }

  /**
   * {@code GET /api/v1} or {@code /apis/<group>/<version>}, or empty when the server does not
   * serve that group version.
   */
  public Optional<ObjectNode> apiResourceList(GroupVersion gv) {
    List<ResourceType> types = catalog.inGroupVersion(gv);
    if (types.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("kind", "APIResourceList");
    // kube-apiserver's core handler writes no apiVersion; the /apis handlers write "v1".
    if (!gv.isCore()) {
      root.put("apiVersion", "v1");
    }
    root.put("groupVersion", gv.apiVersion());
    ArrayNode resources = root.putArray("resources");
    for (ResourceType type : types) {
      writeResource(resources.addObject(), type, catalog.storageOf(type));
      for (Subresource sub : type.subresources()) {
        writeSubresource(resources.addObject(), type, sub);
      }
    }
    return Optional.of(root);
  }

  /** The named groups (not core) with their versions, preferred (first registered) first. */
  Map<String, List<GroupVersion>> namedGroups() {
    Map<String, List<GroupVersion>> groups = new LinkedHashMap<>();
    for (GroupVersion gv : catalog.groupVersions()) {
      if (!gv.isCore()) {
        groups.computeIfAbsent(gv.group(), g -> new ArrayList<>()).add(gv);
      }
    }
    return groups;
  }

  private static void writeGroup(ObjectNode node, String group, List<GroupVersion> versions) {
    node.put("name", group);
    ArrayNode list = node.putArray("versions");
    for (GroupVersion gv : versions) {
      list.addObject().put("groupVersion", gv.apiVersion()).put("version", gv.version());
    }
    GroupVersion preferred = versions.getFirst();
    node.putObject("preferredVersion").put("groupVersion", preferred.apiVersion()).put("version", preferred.version());
  }

  /**
   * One resource. The storage version hash is that of the resource whose storage holds it (core/v1
   * Event's for events.k8s.io/v1 events, as upstream); resources that are never stored (reviews)
   * have none.
   */
  private static void writeResource(ObjectNode node, ResourceType type, ResourceType stored) {
    node.put("name", type.plural());
    node.put("singularName", type.singular());
    node.put("namespaced", type.namespaced());
    node.put("kind", type.kind());
    strings(node.putArray("verbs"), type.verbs());
    if (!type.shortNames().isEmpty()) {
      strings(node.putArray("shortNames"), type.shortNames());
    }
    if (!type.categories().isEmpty()) {
      strings(node.putArray("categories"), type.categories());
    }
    if (type.stored()) {
      node.put("storageVersionHash", StorageVersionHash.of(stored.group(), stored.groupVersion().version(), stored.kind()));
    }
  }

  private static void writeSubresource(ObjectNode node, ResourceType parent, Subresource sub) {
    node.put("name", parent.plural() + "/" + sub.name());
    node.put("singularName", "");
    node.put("namespaced", parent.namespaced());
    if (sub.groupVersion() != null) {
      node.put("group", sub.groupVersion().group());
      node.put("version", sub.groupVersion().version());
    }
    node.put("kind", sub.kind());
    strings(node.putArray("verbs"), sub.verbs());
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
