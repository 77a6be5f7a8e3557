package dev.ketch.apiserver.table;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A meta.k8s.io Table, the answer to {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}.
 * {@link #toJson} writes exactly what kube-apiserver writes: every column definition field present
 * (an empty format included), {@code columnDefinitions} null when headers were not asked for, and
 * {@code rows} null rather than empty where upstream's generic convertor leaves them nil.
 *
 * @param apiVersion {@code meta.k8s.io/v1} or {@code meta.k8s.io/v1beta1}
 * @param columns the column definitions, or null when left out ({@code noHeaders})
 * @param rows the rows, or null
 * @param resourceVersion the list's (or the single object's) resourceVersion, or null
 * @param continueToken the list's continue token, or null
 * @param remainingItemCount the list's remaining item count, or null
 */
public record Table(
    String apiVersion,
    List<Column> columns,
    List<Row> rows,
    String resourceVersion,
    String continueToken,
    Long remainingItemCount) {

  public Table {
    Objects.requireNonNull(apiVersion, "apiVersion");
    columns = columns == null ? null : List.copyOf(columns);
    rows = rows == null ? null : List.copyOf(rows);
  }

  /** The Table as its JSON object, keys in upstream's order. */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("kind", "Table");
    root.put("apiVersion", apiVersion);
    ObjectNode metadata = root.putObject("metadata");
    if (resourceVersion != null && !resourceVersion.isEmpty()) {
      metadata.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null && !continueToken.isEmpty()) {
      metadata.put("continue", continueToken);
    }
    if (remainingItemCount != null) {
      metadata.put("remainingItemCount", remainingItemCount);
    }
    if (columns == null) {
      root.putNull("columnDefinitions");
    } else {
      ArrayNode defs = root.putArray("columnDefinitions");
      for (Column c : columns) {
        defs.addObject()
            .put("name", c.name())
            .put("type", c.type())
            .put("format", c.format())
            .put("description", c.description())
            .put("priority", c.priority());
      }
    }
    if (rows == null) {
      root.putNull("rows");
    } else {
      ArrayNode out = root.putArray("rows");
      for (Row row : rows) {
        ObjectNode r = out.addObject();
        ArrayNode cells = r.putArray("cells");
        for (Object cell : row.cells()) {
          switch (cell) {
            case String s -> cells.add(s);
            case Long l -> cells.add(l);
            case Integer i -> cells.add(i.longValue());
            case Boolean b -> cells.add(b);
            default -> throw new IllegalStateException("unsupported cell type " + cell.getClass());
          }
        }
        if (!row.conditions().isEmpty()) {
          ArrayNode conditions = r.putArray("conditions");
          for (RowCondition c : row.conditions()) {
            ObjectNode cn = conditions.addObject().put("type", c.type()).put("status", c.status());
            if (c.reason() != null && !c.reason().isEmpty()) {
              cn.put("reason", c.reason());
            }
            if (c.message() != null && !c.message().isEmpty()) {
              cn.put("message", c.message());
            }
          }
        }
        r.set("object", row.object());
      }
    }
    return root;
  }
}
