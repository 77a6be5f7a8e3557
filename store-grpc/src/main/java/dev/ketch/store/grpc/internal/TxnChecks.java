package dev.ketch.store.grpc.internal;

import dev.ketch.store.Bytes;
import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.KeyRange;
import dev.ketch.store.Op;
import dev.ketch.store.PutRequest;
import dev.ketch.store.TxnRequest;
import io.etcd.jetcd.api.RequestOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks etcd's server makes on a transaction before running it: how many operations it has,
 * and that no key is written twice in one branch.
 */
public final class TxnChecks {

  /** etcd's default limit on the operations of a transaction ({@code --max-txn-ops}). */
  public static final int DEFAULT_MAX_OPS = 128;

  private TxnChecks() {}

  /**
   * Fails with etcd's "too many operations" error if the comparisons or either branch hold more
   * than {@code maxOps} entries. As in etcd, a nested transaction may use only what its parent left.
   */
  public static void checkOpCount(io.etcd.jetcd.api.TxnRequest txn, int maxOps) {
    int count =
        Math.max(
            txn.getCompareCount(), Math.max(txn.getSuccessCount(), txn.getFailureCount()));
    if (count > maxOps) {
      throw EtcdErrors.tooManyOps();
    }
    for (List<RequestOp> branch : List.of(txn.getSuccessList(), txn.getFailureList())) {
      for (RequestOp op : branch) {
        if (op.hasRequestTxn()) {
          checkOpCount(op.getRequestTxn(), maxOps - count);
        }
      }
    }
  }

  /**
   * Fails with etcd's "duplicate key" error if a branch puts one key twice, or puts a key that it
   * also deletes. The two branches of a nested transaction exclude each other, so they may write
   * the same key.
   */
  public static void checkDuplicateKeys(TxnRequest txn) {
    writes(txn.success());
    writes(txn.failure());
  }

  private record Writes(Set<Bytes> puts, List<KeyRange> deletes) {}

  private static Writes writes(List<Op> ops) {
    List<KeyRange> deletes = new ArrayList<>();
    for (Op op : ops) {
      if (op instanceof DeleteRangeRequest d) {
        deletes.add(d.range());
      }
    }
    Set<Bytes> puts = new HashSet<>();
    for (Op op : ops) {
      if (op instanceof TxnRequest nested) {
        Writes then = writes(nested.success());
        Writes otherwise = writes(nested.failure());
        for (Bytes key : then.puts()) {
          if (puts.contains(key) || deletes(deletes, key)) {
            throw EtcdErrors.duplicateKey();
          }
          puts.add(key);
        }
        for (Bytes key : otherwise.puts()) {
          if ((puts.contains(key) && !then.puts().contains(key)) || deletes(deletes, key)) {
            throw EtcdErrors.duplicateKey();
          }
          puts.add(key);
        }
        deletes.addAll(then.deletes());
        deletes.addAll(otherwise.deletes());
      }
    }
    for (Op op : ops) {
      if (op instanceof PutRequest put) {
        if (puts.contains(put.key()) || deletes(deletes, put.key())) {
          throw EtcdErrors.duplicateKey();
        }
        puts.add(put.key());
      }
    }
    return new Writes(puts, deletes);
  }

  private static boolean deletes(List<KeyRange> deletes, Bytes key) {
    for (KeyRange range : deletes) {
      if (range.contains(key)) {
        return true;
      }
    }
    return false;
  }
}
