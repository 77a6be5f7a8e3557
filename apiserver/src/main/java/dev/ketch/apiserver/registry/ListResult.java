package dev.ketch.apiserver.registry;

import dev.ketch.apiserver.cache.CachedObject;
import java.util.List;

/**
 * A list's items and list metadata.
 *
 * @param items the objects, in key order
 * @param resourceVersion the revision the list reflects; a watch from it misses nothing
 * @param continueToken the token for the next page, or empty
 * @param remainingItemCount items after this page, when known; otherwise null
 */
public record ListResult(List<CachedObject> items, long resourceVersion, String continueToken, Long remainingItemCount) {

  public ListResult {
    items = List.copyOf(items);
  }
}
