package dev.ketch.apiserver.registry;

import java.util.List;

/**
 * Options of a create, update or patch.
 *
 * @param dryRun validate and default fully but store nothing ({@code dryRun=All})
 * @param fieldManager who makes the change, recorded in {@code metadata.managedFields}; empty is
 *     recorded as {@code unknown}
 * @param userName who asks (for admission)
 * @param userGroups their groups
 * @param managedFieldsSet whether the object written already carries its managed fields (a
 *     server-side apply computed them), so the write must not record an update over them
 */
public record WriteOptions(
    boolean dryRun, String fieldManager, String userName, List<String> userGroups, boolean managedFieldsSet) {

  /** The manager name of the server's own writes, as kube-apiserver's user agent names it. */
  public static final String SERVER_MANAGER = "kube-apiserver";

  public WriteOptions {
    userGroups = List.copyOf(userGroups);
    fieldManager = fieldManager == null ? "" : fieldManager;
  }

  public WriteOptions(boolean dryRun, String fieldManager, String userName, List<String> userGroups) {
    this(dryRun, fieldManager, userName, userGroups, false);
  }

  public static WriteOptions of(String userName, List<String> groups) {
    return new WriteOptions(false, "", userName, groups);
  }

  /** For the server's own writes (bootstrap objects). */
  public static WriteOptions system() {
    return new WriteOptions(false, SERVER_MANAGER, "system:apiserver", List.of("system:masters"));
  }

  public WriteOptions withDryRun(boolean value) {
    return new WriteOptions(value, fieldManager, userName, userGroups, managedFieldsSet);
  }

  /** The same options for writing an object whose managed fields are already computed. */
  WriteOptions withManagedFieldsSet() {
    return new WriteOptions(dryRun, fieldManager, userName, userGroups, true);
  }
}
