package dev.ketch.apiserver.registry.admission;

import dev.ketch.apiserver.registry.ObjectLookup;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An in-memory ObjectLookup over objects added with {@link #with}. */
final class FakeLookup implements ObjectLookup {

  static final ResourceCatalog CATALOG = ResourceCatalog.builtIn();

  private final List<HasMetadata> objects = new ArrayList<>();

  FakeLookup with(HasMetadata... more) {
    objects.addAll(List.of(more));
    return this;
  }

  @Override
  public <T extends HasMetadata> Optional<T> get(ResourceType type, String namespace, String name, Class<T> modelClass) {
    return list(type, namespace, modelClass).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  @Override
  public <T extends HasMetadata> List<T> list(ResourceType type, String namespace, Class<T> modelClass) {
    return objects.stream().filter(modelClass::isInstance).map(modelClass::cast)
        .filter(o -> namespace.isEmpty() || namespace.equals(o.getMetadata().getNamespace())).toList();
  }

  @Override
  public ResourceType type(String group, String plural) {
    String version = group.isEmpty() ? "v1" : "v1";
    return CATALOG.byResource(new GroupVersion(group, version), plural).orElseThrow();
  }
}
