package dev.ketch.apiserver.conversion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.fieldmanager.ObjectVersions;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.storage.StorageConversion;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The conversions of the resources a catalog serves as views over another resource's storage, and
 * from them, the versions each kind is served in for field management. Immutable and thread-safe.
 */
public final class Conversions {

  private final ResourceCatalog catalog;
  private final Map<ResourceType, StorageConversion> conversions;

  public Conversions(ResourceCatalog catalog, Map<ResourceType, StorageConversion> conversions) {
    this.catalog = catalog;
    this.conversions = Map.copyOf(conversions);
    for (ResourceType t : catalog.all()) {
      if (!catalog.storageOf(t).equals(t) && !this.conversions.containsKey(t)) {
        throw new IllegalArgumentException(t + " is stored with " + catalog.storageOf(t) + " but has no conversion");
      }
    }
  }

  /** The conversions Kubernetes defines for the built-in catalog: events.k8s.io/v1 Events as core/v1 ones. */
  public static Conversions builtIn(ResourceCatalog catalog) {
    Map<ResourceType, StorageConversion> c = new java.util.HashMap<>();
    for (ResourceType t : catalog.all()) {
      if (t.group().equals("events.k8s.io") && t.plural().equals("events") && !catalog.storageOf(t).equals(t)) {
        c.put(t, new EventConversion());
      }
    }
    return new Conversions(catalog, c);
  }

  /** How {@code type}'s objects are kept in its storage. */
  public StorageConversion forResource(ResourceType type) {
    return conversions.getOrDefault(type, StorageConversion.IDENTITY);
  }

  /**
   * The versions {@code type}'s kind is served in: its own and those of every resource sharing its
   * storage, converted through the stored form.
   */
  public ObjectVersions versions(ResourceType type) {
    List<ResourceType> sharing = catalog.sharingStorage(type);
    if (sharing.size() == 1) {
      return ObjectVersions.single(type.apiVersion(), type.modelClass());
    }
    return new ObjectVersions() {
      @Override
      public Optional<Class<?>> modelClass(String apiVersion) {
        return find(apiVersion).map(ResourceType::modelClass);
      }

      @Override
      public ObjectNode convert(ObjectNode object, String from, String to) {
        ResourceType source = find(from).orElseThrow(() -> new IllegalArgumentException(from + " is not served"));
        ResourceType target = find(to).orElseThrow(() -> new IllegalArgumentException(to + " is not served"));
        if (source.equals(target)) {
          return object.deepCopy();
        }
        return forResource(target).fromStorage(forResource(source).toStorage(object));
      }

      private Optional<ResourceType> find(String apiVersion) {
        return sharing.stream().filter(t -> t.apiVersion().equals(apiVersion)).findFirst();
      }
    };
  }
}
