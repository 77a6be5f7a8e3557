package dev.ketch.store;

import java.util.List;

/**
 * An atomic transaction, as etcd's {@code TxnRequest}: if every comparison holds, the success
 * operations run, otherwise the failure operations. All writes of a transaction share one revision.
 * A key may be written at most once in a transaction.
 */
public record TxnRequest(List<Compare> compare, List<Op> success, List<Op> failure) implements Op {

  public TxnRequest {
    compare = List.copyOf(compare);
    success = List.copyOf(success);
    failure = List.copyOf(failure);
  }

  /** True if no branch of the transaction, nested ones included, can write. */
  public boolean isReadOnly() {
    return isReadOnly(success) && isReadOnly(failure);
  }

  private static boolean isReadOnly(List<Op> ops) {
    for (Op op : ops) {
      boolean readOnly =
          switch (op) {
            case RangeRequest r -> true;
            case TxnRequest t -> t.isReadOnly();
            case PutRequest p -> false;
            case DeleteRangeRequest d -> false;
          };
      if (!readOnly) {
        return false;
      }
    }
    return true;
  }
}
