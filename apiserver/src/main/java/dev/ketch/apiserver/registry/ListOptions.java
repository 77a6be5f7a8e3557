package dev.ketch.apiserver.registry;

import dev.ketch.apiserver.cache.CachedObject;
import java.util.function.Predicate;

/**
 * Options of a list or a watch, already parsed.
 *
 * @param selector what objects must match (labels and fields)
 * @param selects whether {@code selector} filters anything (lists without one can report the
 *     remaining item count)
 * @param resourceVersion as sent: empty (most recent, consistent), "0" (any), or a revision
 * @param resourceVersionMatch empty, NotOlderThan or Exact
 * @param limit page size for lists; 0 for all
 * @param continueToken the continue token of the previous page, or empty
 * @param allowBookmarks watches: whether BOOKMARK events may be sent
 * @param sendInitialEvents watches: whether to start with the current objects and a bookmark
 */
public record ListOptions(
    Predicate<CachedObject> selector,
    boolean selects,
    String resourceVersion,
    String resourceVersionMatch,
    long limit,
    String continueToken,
    boolean allowBookmarks,
    Boolean sendInitialEvents) {

  public static ListOptions everything() {
    return new ListOptions(o -> true, false, "", "", 0, "", false, null);
  }

  public ListOptions withSelector(Predicate<CachedObject> predicate) {
    return new ListOptions(predicate, true, resourceVersion, resourceVersionMatch, limit, continueToken, allowBookmarks, sendInitialEvents);
  }

  public ListOptions withResourceVersion(String rv) {
    return new ListOptions(selector, selects, rv, resourceVersionMatch, limit, continueToken, allowBookmarks, sendInitialEvents);
  }

  public ListOptions withLimit(long max, String token) {
    return new ListOptions(selector, selects, resourceVersion, resourceVersionMatch, max, token, allowBookmarks, sendInitialEvents);
  }
}
