package dev.ketch.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Objects;

/**
 * One row of a Table: a cell per column (a {@link String}, a {@link Long} for integer cells, a
 * {@link Boolean}), its conditions, and the object it shows (partial metadata, the whole object,
 * or JSON null, depending on {@code includeObject}).
 *
 * @param cells the cells, in column order; wide cells included
 * @param conditions the row's conditions, usually none
 * @param object the object for the client, JSON null when none was asked for
 */
public record Row(List<Object> cells, List<RowCondition> conditions, JsonNode object) {

  public Row {
    cells = List.copyOf(cells);
    conditions = List.copyOf(conditions);
    object = Objects.requireNonNullElse(object, NullNode.getInstance());
  }
}
