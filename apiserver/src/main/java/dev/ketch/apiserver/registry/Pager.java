package dev.ketch.apiserver.registry;

import dev.ketch.apiserver.cache.CachedObject;
import dev.ketch.apiserver.cache.WatchFilter;
import dev.ketch.apiserver.storage.ObjectStorage;
import dev.ketch.apiserver.storage.ResourceStorage;
import dev.ketch.apiserver.storage.StoredObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a paginated (or exact-revision) list, read from the store at one revision as
 * kube-apiserver reads etcd: when a selector filters objects out, further store pages are read
 * until the page is full or the resource is exhausted.
 */
final class Pager {

  private final ResourceRegistry registry;
  private final WatchFilter filter;
  private final ListOptions options;

  Pager(ResourceRegistry registry, WatchFilter filter, ListOptions options) {
    this.registry = registry;
    this.filter = filter;
    this.options = options;
  }

  ListResult read() {
    String prefix = registry.context().keys().prefix(registry.type(), filter.namespace());
    long revision = 0;
    String start = null;
    if (!options.continueToken().isEmpty()) {
      if (!options.resourceVersion().isEmpty() && !"0".equals(options.resourceVersion())) {
        throw dev.ketch.apiserver.errors.StatusException.badRequest(
            "specifying resource version is not allowed when using continue");
      }
      ContinueToken token = ContinueToken.decode(options.continueToken(), prefix);
      revision = token.revision();
      start = token.startKey();
    } else if (!options.resourceVersion().isEmpty() && !"0".equals(options.resourceVersion())) {
      revision = ResourceVersions.parse(options.resourceVersion());
    }
    long limit = options.limit();
    List<CachedObject> items = new ArrayList<>();
    ResourceStorage storage = registry.storage();
    while (true) {
      long want = limit > 0 ? limit - items.size() : 0;
      ObjectStorage.Page page;
      try {
        page = storage.list(prefix, revision, start, want);
      } catch (dev.ketch.store.StoreException.CompactedException e) {
        throw dev.ketch.apiserver.errors.StatusException.expired(
            "The provided continue parameter is too old to display a consistent list result. You can start a new list "
                + "without the continue parameter, or use the continue token in this response to retrieve the remainder of "
                + "the results. Continuing with the provided token results in an inconsistent list - objects that were "
                + "created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
      }
      revision = page.revision();
      for (StoredObject o : page.items()) {
        CachedObject c = registry.index(o);
        if (filter.matches(c)) {
          items.add(c);
        }
      }
      if (!page.more()) {
        return new ListResult(items, revision, "", null);
      }
      start = page.items().getLast().key() + "\u0000";
      if (limit > 0 && items.size() >= limit) {
        String token = new ContinueToken(revision, start).encode(prefix);
        Long remaining = options.selects() ? null : page.remaining();
        return new ListResult(items, revision, token, remaining);
      }
    }
  }
}
