package dev.ketch.apiserver.fieldmanager;

import java.util.Objects;

/**
 * Who owns a set of fields, as one {@code managedFields} entry names it: the manager, the kind of
 * write, and for updates the API version written with (appliers keep one entry whatever version
 * they apply with), and the subresource written through. Upstream keys its sets by exactly these
 * fields.
 *
 * @param manager the field manager, e.g. {@code kubectl}
 * @param operation {@code Apply} or {@code Update}
 * @param apiVersion for updates, the API version; empty for appliers
 * @param subresource the subresource written through, e.g. {@code status}; empty for the object
 */
public record ManagerId(String manager, String operation, String apiVersion, String subresource) {

  public static final String APPLY = "Apply";
  public static final String UPDATE = "Update";

  /** The stand-in for the manager of the write being tracked, swapped for the real one afterwards. */
  static final ManagerId CURRENT_OPERATION = new ManagerId("current-operation", "", "", "");

  public ManagerId {
    Objects.requireNonNull(manager, "manager");
    Objects.requireNonNull(operation, "operation");
    apiVersion = APPLY.equals(operation) || apiVersion == null ? "" : apiVersion;
    subresource = subresource == null ? "" : subresource;
  }

  public static ManagerId applier(String manager, String subresource) {
    return new ManagerId(manager, APPLY, "", subresource);
  }

  public static ManagerId updater(String manager, String apiVersion, String subresource) {
    return new ManagerId(manager, UPDATE, apiVersion, subresource);
  }

  public boolean applies() {
    return APPLY.equals(operation);
  }

  /**
   * How conflict messages name the manager: {@code "kubectl-edit" using apps/v1}, {@code
   * "kubectl" with subresource "scale" using apps/v1}, {@code "other-applier"}.
   */
  public String describe() {
    String s = goQuote(manager);
    if (!subresource.isEmpty()) {
      s += " with subresource " + goQuote(subresource);
    }
    if (UPDATE.equals(operation)) {
      s += " using " + apiVersion;
    }
    return s;
  }

  private static String goQuote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
