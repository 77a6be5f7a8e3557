package dev.ketch.apiserver.cache;

/**
 * One event a watch delivers.
 *
 * @param type ADDED, MODIFIED, DELETED or BOOKMARK
 * @param object the object the event carries (for DELETED, its last state with the deletion's
 *     resourceVersion; for BOOKMARK, only kind, apiVersion and metadata.resourceVersion)
 * @param resourceVersion the revision of the event
 */
public record WatchEvent(Type type, CachedObject object, long resourceVersion) {

  public enum Type {
    ADDED,
    MODIFIED,
    DELETED,
    BOOKMARK
  }
}
