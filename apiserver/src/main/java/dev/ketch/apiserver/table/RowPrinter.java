package dev.ketch.apiserver.table;

import java.time.Instant;
import java.util.List;

/**
 * The cells of one resource's rows, as one of upstream's {@code printX} functions computes them.
 * Implementations are stateless.
 *
 * @param <T> the model class printed
 */
@FunctionalInterface
interface RowPrinter<T> {

  /** The cells of an object's row, wide cells included; ages relative to {@code now}. */
  List<Object> cells(T object, Instant now);

  /** The row's conditions; none unless the printer says otherwise. */
  default List<RowCondition> conditions(T object) {
    return List.of();
  }
}
