package dev.ketch.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link TableConvertor} made of a printer for the resource's model class: upstream's {@code
 * TableConvertor} over its {@code HumanReadableGenerator}, plus the row object handling of its
 * {@code asTable}. Immutable and thread-safe.
 *
 * @param <T> the model class the printer reads
 */
final class PrintingTableConvertor<T> implements TableConvertor {

  private final String apiVersion;
  private final String kind;
  private final Class<T> modelClass;
  private final Function<JsonNode, T> reader;
  private final List<Column> columns;
  private final RowPrinter<T> printer;
  private final InstantSource clock;
  private final boolean nullRowsWhenEmpty;

  /**
   * @param apiVersion the apiVersion of the resource's objects, set on rows carrying whole objects
   * @param kind their kind
   * @param modelClass what the printer reads; other inputs are converted through JSON
   * @param reader how a JSON tree becomes a model object
   * @param nullRowsWhenEmpty whether an empty list has {@code "rows":null}, as upstream's default
   *     convertor writes, rather than {@code []}, as its printers write
   */
  PrintingTableConvertor(
      String apiVersion,
      String kind,
      Class<T> modelClass,
      Function<JsonNode, T> reader,
      List<Column> columns,
      RowPrinter<T> printer,
      InstantSource clock,
      boolean nullRowsWhenEmpty) {
    this.apiVersion = Objects.requireNonNull(apiVersion);
    this.kind = Objects.requireNonNull(kind);
    this.modelClass = modelClass;
    this.reader = reader;
    this.columns = List.copyOf(columns);
    this.printer = printer;
    this.clock = clock;
    this.nullRowsWhenEmpty = nullRowsWhenEmpty;
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  @Override
  public Table convert(HasMetadata object, TableOptions options) {
    Row row = row(typed(object), null, object, clock.instant(), options);
    return table(List.of(row), object.getMetadata() == null ? null : object.getMetadata().getResourceVersion(), null, null, options);
  }

  @Override
  public Table convertList(List<? extends HasMetadata> items, ListMeta listMeta, TableOptions options) {
    Instant now = clock.instant();
    List<Row> rows = new ArrayList<>(items.size());
    for (HasMetadata item : items) {
      rows.add(row(typed(item), null, item, now, options));
    }
    return listTable(rows, listMeta, options);
  }

  @Override
  public Table convertStored(JsonNode object, TableOptions options) {
    Row row = row(reader.apply(object), object, null, clock.instant(), options);
    JsonNode rv = object.path("metadata").path("resourceVersion");
    return table(List.of(row), rv.isTextual() ? rv.asText() : null, null, null, options);
  }

  @Override
  public Table convertStoredList(List<? extends JsonNode> items, ListMeta listMeta, TableOptions options) {
    Instant now = clock.instant();
    List<Row> rows = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      rows.add(row(reader.apply(item), item, null, now, options));
    }
    return listTable(rows, listMeta, options);
  }

  private Table listTable(List<Row> rows, ListMeta listMeta, TableOptions options) {
    List<Row> out = rows.isEmpty() && nullRowsWhenEmpty ? null : rows;
    if (listMeta == null) {
      return table(out, null, null, null, options);
    }
    return table(out, listMeta.getResourceVersion(), listMeta.getContinue(), listMeta.getRemainingItemCount(), options);
  }

  private Table table(List<Row> rows, String resourceVersion, String continueToken, Long remaining, TableOptions options) {
    return new Table(options.apiVersion(), options.noHeaders() ? null : columns, rows, resourceVersion, continueToken, remaining);
  }

  private T typed(HasMetadata object) {
    if (modelClass.isInstance(object)) {
      return modelClass.cast(object);
    }
    return reader.apply(Json.toTree(object));
  }

  /** One row; the object it carries comes from the stored tree when there is one. */
  private Row row(T typed, JsonNode stored, HasMetadata given, Instant now, TableOptions options) {
    JsonNode object = switch (options.includeObject()) {
      case NONE -> NullNode.getInstance();
      case METADATA -> partialMetadata(stored != null ? stored.get("metadata") : Json.toTree(given.getMetadata()), options);
      case OBJECT -> versioned(stored != null ? stored : Json.toTree(given));
    };
    return new Row(printer.cells(typed, now), printer.conditions(typed), object);
  }

  /** The row object kubectl reads NAMESPACE, labels and -L columns from. */
  private static ObjectNode partialMetadata(JsonNode metadata, TableOptions options) {
    ObjectNode partial = JsonNodeFactory.instance.objectNode();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", options.apiVersion());
    partial.set("metadata", metadata == null || metadata.isNull() ? JsonNodeFactory.instance.objectNode() : metadata.deepCopy());
    return partial;
  }

  /** The whole object, with kind and apiVersion first, as upstream's versioned encoding has them. */
  private ObjectNode versioned(JsonNode object) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("kind", kind);
    out.put("apiVersion", apiVersion);
    object.properties().forEach(e -> {
      if (!e.getKey().equals("kind") && !e.getKey().equals("apiVersion")) {
        out.set(e.getKey(), e.getValue().deepCopy());
      }
    });
    return out;
  }
}
