package dev.ketch.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.store.KeyValueStore;
import java.util.ArrayList;
import java.util.List;

/**
 * One resource's view of {@link ObjectStorage}: the same conditional writes and reads, with every
 * object converted between the resource's form and the form its storage keeps (see {@link
 * StorageConversion}). For a resource stored as itself it is {@link ObjectStorage} unchanged.
 * Thread-safe; blocks on the store.
 */
public final class ResourceStorage {

  private final ObjectStorage storage;
  private final StorageConversion conversion;

  public ResourceStorage(ObjectStorage storage, StorageConversion conversion) {
    this.storage = storage;
    this.conversion = conversion;
  }

  public KeyValueStore store() {
    return storage.store();
  }

  public StorageConversion conversion() {
    return conversion;
  }

  /** The object under {@code key} now, or null. */
  public StoredObject get(String key) {
    return view(storage.get(key));
  }

  /** @see ObjectStorage#create */
  public StoredObject create(String key, ObjectNode object) {
    return view(storage.create(key, conversion.toStorage(object)));
  }

  /** @see ObjectStorage#update */
  public StoredObject update(String key, ObjectNode object, long expectedRevision) {
    return view(storage.update(key, conversion.toStorage(object), expectedRevision));
  }

  /** @see ObjectStorage#delete */
  public StoredObject delete(String key, long expectedRevision) {
    return view(storage.delete(key, expectedRevision));
  }

  /** @see ObjectStorage#list */
  public ObjectStorage.Page list(String prefix, long revision, String startKey, long limit) {
    ObjectStorage.Page page = storage.list(prefix, revision, startKey, limit);
    if (conversion.isIdentity()) {
      return page;
    }
    List<StoredObject> items = new ArrayList<>(page.items().size());
    page.items().forEach(o -> items.add(view(o)));
    return new ObjectStorage.Page(items, page.revision(), page.more(), page.remaining());
  }

  private StoredObject view(StoredObject stored) {
    if (stored == null || conversion.isIdentity()) {
      return stored;
    }
    ObjectNode object = conversion.fromStorage(stored.object());
    ObjectCodec.setResourceVersion(object, stored.resourceVersion());
    return new StoredObject(stored.key(), object, stored.resourceVersion());
  }
}
