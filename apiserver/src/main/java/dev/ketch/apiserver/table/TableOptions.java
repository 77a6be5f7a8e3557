package dev.ketch.apiserver.table;

import java.util.Objects;

/**
 * How a Table is asked for.
 *
 * @param includeObject what each row carries besides its cells
 * @param noHeaders true to leave out the column definitions, as watches do after the first event
 * @param apiVersion the Table's group version: {@code meta.k8s.io/v1}, or {@code
 *     meta.k8s.io/v1beta1} for old clients; rows' PartialObjectMetadata carry the same
 */
public record TableOptions(IncludeObject includeObject, boolean noHeaders, String apiVersion) {

  /** The group version kubectl asks for first. */
  public static final String V1 = "meta.k8s.io/v1";

  /** The v1beta1 group version, still accepted from old clients. */
  public static final String V1BETA1 = "meta.k8s.io/v1beta1";

  /** What {@code kubectl get} asks for without {@code --sort-by}. */
  public static final TableOptions DEFAULT = new TableOptions(IncludeObject.METADATA, false, V1);

  public TableOptions {
    Objects.requireNonNull(includeObject, "includeObject");
    Objects.requireNonNull(apiVersion, "apiVersion");
  }

  /** The same options without column definitions. */
  public TableOptions withoutHeaders() {
    return new TableOptions(includeObject, true, apiVersion);
  }
}
