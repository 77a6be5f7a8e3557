package dev.ketch.apiserver.table;

/**
 * A condition of a Table row, as meta.k8s.io/v1 TableRowCondition: upstream marks the rows of
 * finished pods with {@code Completed}.
 *
 * @param type the condition, e.g. {@code Completed}
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason a one-word reason, or null
 * @param message a human-readable message, or null
 */
public record RowCondition(String type, String status, String reason, String message) {}
