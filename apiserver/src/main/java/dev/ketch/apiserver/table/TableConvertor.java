package dev.ketch.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.util.List;

/**
 * Turns objects of one resource into the Table {@code kubectl get} prints: the columns and cell
 * formatting of kube-apiserver's printers for that resource, ages measured against the clock the
 * convertor was made with. Every cell is computed, wide ones included (kube-apiserver always
 * prints wide; kubectl hides columns of priority above 0 unless {@code -o wide}).
 *
 * <p>Implementations are immutable and thread-safe; conversions do not change their inputs.
 */
public interface TableConvertor {

  /** The column definitions, in order, wide ones included. */
  List<Column> columns();

  /**
   * A Table of one object (a {@code get} of one name); its resourceVersion is the object's.
   *
   * @param object a typed object of this resource (another model class of the same kind is
   *     converted through JSON)
   */
  Table convert(HasMetadata object, TableOptions options);

  /**
   * A Table of a list's items in their order, carrying the list's resourceVersion, continue token
   * and remaining item count.
   *
   * @param listMeta the list's metadata, or null
   */
  Table convertList(List<? extends HasMetadata> items, ListMeta listMeta, TableOptions options);

  /**
   * A Table of one object in its stored JSON form. Rows carry the stored metadata and object
   * verbatim (with kind and apiVersion filled in when asked for the whole object).
   */
  Table convertStored(JsonNode object, TableOptions options);

  /** A Table of a list of objects in their stored JSON form; see {@link #convertStored}. */
  Table convertStoredList(List<? extends JsonNode> items, ListMeta listMeta, TableOptions options);
}
