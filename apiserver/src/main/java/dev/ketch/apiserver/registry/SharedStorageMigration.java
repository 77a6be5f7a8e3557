package dev.ketch.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.storage.ObjectKeys;
import dev.ketch.apiserver.storage.ObjectStorage;
import dev.ketch.apiserver.storage.StorageConversion;
import dev.ketch.apiserver.storage.StorageException;
import dev.ketch.apiserver.storage.StoredObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves objects of a resource served as a view over another resource's storage from where earlier
 * versions of the server kept them apart ({@code /registry/<group>/<resource>/}, e.g. events.k8s.io
 * events) into the shared storage, converted to its form. An object already present there wins.
 * Run once at start, before serving.
 */
final class SharedStorageMigration {

  private static final Logger log = LoggerFactory.getLogger(SharedStorageMigration.class);

  private SharedStorageMigration() {}

  static void run(ResourceCatalog catalog, ObjectKeys keys, ObjectStorage storage, Function<ResourceType, StorageConversion> conversions) {
    for (ResourceType view : catalog.all()) {
      ResourceType stored = catalog.storageOf(view);
      if (stored.equals(view) || view.group().isEmpty()) {
        continue;
      }
      String oldPrefix = "/registry/" + view.group() + "/" + view.plural() + "/";
      String newPrefix = keys.prefix(view);
      int moved = 0;
      String start = null;
      while (true) {
        ObjectStorage.Page page = storage.list(oldPrefix, 0, start, 500);
        for (StoredObject o : page.items()) {
          ObjectNode converted = conversions.apply(view).toStorage(o.object());
          String key = newPrefix + o.key().substring(oldPrefix.length());
          try {
            storage.create(key, converted);
            moved++;
          } catch (StorageException.KeyExists e) {
            // Already in the shared storage.
          }
          try {
            storage.delete(o.key(), o.resourceVersion());
          } catch (StorageException e) {
            // Changed or gone meanwhile: nothing left to move.
          }
        }
        if (!page.more()) {
          break;
        }
        start = page.items().getLast().key() + "\u0000";
      }
      if (moved > 0) {
        log.info("moved objects into shared storage resource={} storedWith={} count={}", view, stored, moved);
      }
    }
  }
}
