package dev.ketch.store.embedded;

/** Loads the stored change of a revision; null if it is gone (compacted). */
@FunctionalInterface
interface ChangeLoader {
  StoredChange load(Revision revision);
}
