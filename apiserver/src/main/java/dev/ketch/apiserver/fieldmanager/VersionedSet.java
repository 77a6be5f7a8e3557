package dev.ketch.apiserver.fieldmanager;

import dev.ketch.apiserver.fieldmanager.fieldpath.FieldSet;
import java.util.Objects;

/**
 * The fields one manager owns, in the terms of the API version it wrote with.
 *
 * @param set the fields
 * @param apiVersion the API version whose field names the set uses, e.g. {@code apps/v1}
 * @param applied whether the manager applied them (server-side apply) rather than updated them
 */
public record VersionedSet(FieldSet set, String apiVersion, boolean applied) {

  public VersionedSet {
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(apiVersion, "apiVersion");
  }

  VersionedSet withSet(FieldSet other) {
    return new VersionedSet(other, apiVersion, applied);
  }
}
