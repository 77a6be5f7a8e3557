package dev.ketch.apiserver.table;

import java.util.Objects;

/**
 * One column of a Table, as meta.k8s.io/v1 TableColumnDefinition.
 *
 * @param name the header kubectl prints, upper-cased: {@code Name}, {@code Ready}
 * @param type the OpenAPI type of the cells: {@code string}, {@code integer}, {@code boolean},
 *     {@code date}
 * @param format {@code name} for the column holding the object's name, else empty
 * @param description what the column shows
 * @param priority 0 for the default columns, above 0 for those shown only with {@code -o wide}
 */
public record Column(String name, String type, String format, String description, int priority) {

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(description, "description");
  }
}
