package dev.ketch.store.embedded;

import dev.ketch.store.Bytes;
import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.KeyRange;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.Op;
import dev.ketch.store.PutRequest;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.StoreException.InvalidRequestException;
import dev.ketch.store.StoreException.RequestTooLargeException;
import dev.ketch.store.TxnRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks etcd makes before it applies a request, with etcd's messages. Nothing is written when
 * one fails.
 */
final class RequestChecks {

  static final String KEY_NOT_PROVIDED = "etcdserver: key is not provided";
  static final String DUPLICATE_KEY = "etcdserver: duplicate key given in txn request";
  static final String VALUE_PROVIDED = "etcdserver: value is provided";
  static final String LEASE_PROVIDED = "etcdserver: lease is provided";
  static final String KEY_NOT_FOUND = "etcdserver: key not found";

  // Per-operation framing counted against the request limit, as a protobuf encoding would add.
  private static final int OP_OVERHEAD = 16;

  private RequestChecks() {}

  static void checkRange(RangeRequest r) {
    requireKey(r.range().key());
  }

  static void checkPut(PutRequest p) {
    requireKey(p.key());
    if (p.ignoreValue() && !p.value().isEmpty()) {
      throw new InvalidRequestException(VALUE_PROVIDED);
    }
    if (p.ignoreLease() && p.lease() != 0) {
      throw new InvalidRequestException(LEASE_PROVIDED);
    }
  }

  static void checkDelete(DeleteRangeRequest d) {
    requireKey(d.range().key());
  }

  /** Checks every operation of both branches, nested ones included, and the size of the whole. */
  static void checkTxn(TxnRequest t) {
    checkOps(t.success());
    checkOps(t.failure());
    t.compare().forEach(c -> requireKey(c.range().key()));
    writesOf(t.success());
    writesOf(t.failure());
  }

  static void checkSize(Op op) {
    if (sizeOf(op) > KeyValueStore.MAX_REQUEST_BYTES) {
      throw new RequestTooLargeException();
    }
  }

  private static long sizeOf(Op op) {
    return switch (op) {
      case PutRequest p -> OP_OVERHEAD + p.key().size() + p.value().size();
      case RangeRequest r -> OP_OVERHEAD + r.range().key().size() + r.range().rangeEnd().size();
      case DeleteRangeRequest d -> OP_OVERHEAD + d.range().key().size() + d.range().rangeEnd().size();
      case TxnRequest t -> {
        long size = OP_OVERHEAD;
        for (var c : t.compare()) {
          size += OP_OVERHEAD + c.range().key().size() + c.range().rangeEnd().size() + c.value().size();
        }
        for (Op o : t.success()) {
          size += sizeOf(o);
        }
        for (Op o : t.failure()) {
          size += sizeOf(o);
        }
        yield size;
      }
    };
  }

  private static void checkOps(List<Op> ops) {
    for (Op op : ops) {
      switch (op) {
        case RangeRequest r -> checkRange(r);
        case PutRequest p -> checkPut(p);
        case DeleteRangeRequest d -> checkDelete(d);
        case TxnRequest t -> checkTxn(t);
      }
    }
  }

  private static void requireKey(Bytes key) {
    if (key.isEmpty()) {
      throw new InvalidRequestException(KEY_NOT_PROVIDED);
    }
  }

  /** The keys put and the ranges deleted by one branch, with its nested transactions. */
  private record Writes(Set<Bytes> puts, List<KeyRange> deletes) {
    boolean deletes(Bytes key) {
      for (KeyRange range : deletes) {
        if (range.contains(key)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Collects what a branch writes and rejects a key written twice: put twice, or put and deleted.
   * The two branches of a nested transaction exclude each other, so each may put the same key
   * once, but neither may touch a key the enclosing branch writes.
   */
  private static Writes writesOf(List<Op> ops) {
    Writes writes = new Writes(new HashSet<>(), new ArrayList<>());
    for (Op op : ops) {
      if (op instanceof DeleteRangeRequest d) {
        writes.deletes().add(d.range());
      }
    }
    for (Op op : ops) {
      if (op instanceof TxnRequest t) {
        Writes then = writesOf(t.success());
        Writes otherwise = writesOf(t.failure());
        for (Bytes key : then.puts()) {
          if (writes.puts().contains(key) || writes.deletes(key)) {
            throw new InvalidRequestException(DUPLICATE_KEY);
          }
        }
        for (Bytes key : otherwise.puts()) {
          if (writes.puts().contains(key) || writes.deletes(key)) {
            throw new InvalidRequestException(DUPLICATE_KEY);
          }
        }
        writes.puts().addAll(then.puts());
        writes.puts().addAll(otherwise.puts());
        writes.deletes().addAll(then.deletes());
        writes.deletes().addAll(otherwise.deletes());
      }
    }
    for (Op op : ops) {
      if (op instanceof PutRequest p) {
        if (writes.puts().contains(p.key()) || writes.deletes(p.key())) {
          throw new InvalidRequestException(DUPLICATE_KEY);
        }
        writes.puts().add(p.key());
      }
    }
    return writes;
  }
}
