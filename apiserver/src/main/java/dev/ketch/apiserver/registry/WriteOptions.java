package dev.ketch.apiserver.registry;

import java.util.List;

/**
 * Options of a create, update or patch.
 *
 * @param dryRun validate and default fully but store nothing ({@code dryRun=All})
 * @param fieldManager who makes the change
 * @param userName who asks (for admission)
 * @param userGroups their groups
 */
public record WriteOptions(boolean dryRun, String fieldManager, String userName, List<String> userGroups) {

  public WriteOptions {
    userGroups = List.copyOf(userGroups);
  }

  public static WriteOptions of(String userName, List<String> groups) {
    return new WriteOptions(false, "", userName, groups);
  }

  /** For the server's own writes (bootstrap objects). */
  public static WriteOptions system() {
    return of("system:apiserver", List.of("system:masters"));
  }

  public WriteOptions withDryRun(boolean value) {
    return new WriteOptions(value, fieldManager, userName, userGroups);
  }
}
