package dev.ketch.store.grpc.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.KeyRange;
import dev.ketch.store.Op;
import dev.ketch.store.PutRequest;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.TxnRequest;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TxnChecksTest {

  static Stream<Arguments> transactions() {
    return Stream.of(
        Arguments.of("one put per key", txn(put("a"), put("b")), true),
        Arguments.of("the same key put twice", txn(put("a"), put("a")), false),
        Arguments.of("a key put and deleted", txn(put("a"), delete(KeyRange.single("a"))), false),
        Arguments.of("a put inside a deleted range", txn(delete(KeyRange.prefix("/")), put("/x")), false),
        Arguments.of("a put beside a deleted range", txn(delete(KeyRange.prefix("/")), put("x")), true),
        Arguments.of("two overlapping deletes", txn(delete(KeyRange.prefix("/")), delete(KeyRange.single("/a"))), true),
        Arguments.of("reads of a written key", txn(put("a"), RangeRequest.key("a")), true),
        Arguments.of("the two branches of a nested txn put one key",
            txn(new TxnRequest(List.of(), List.of(put("a")), List.of(put("a")))), true),
        Arguments.of("a nested txn puts a key its parent puts",
            txn(put("a"), new TxnRequest(List.of(), List.of(put("a")), List.of())), false),
        Arguments.of("a nested txn puts a key its parent deletes",
            txn(delete(KeyRange.single("a")), new TxnRequest(List.of(), List.of(), List.of(put("a")))), false),
        Arguments.of("two nested txns put one key",
            txn(new TxnRequest(List.of(), List.of(put("a")), List.of()),
                new TxnRequest(List.of(), List.of(put("a")), List.of())), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transactions")
  void duplicateKeys(String name, TxnRequest txn, boolean allowed) {
    if (allowed) {
      assertThatCode(() -> TxnChecks.checkDuplicateKeys(txn)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> TxnChecks.checkDuplicateKeys(txn))
          .isInstanceOf(StatusRuntimeException.class)
          .hasMessage("INVALID_ARGUMENT: etcdserver: duplicate key given in txn request");
    }
  }

  private static TxnRequest txn(Op... success) {
    return new TxnRequest(List.of(), List.of(success), List.of());
  }

  private static PutRequest put(String key) {
    return PutRequest.of(key, "v");
  }

  private static DeleteRangeRequest delete(KeyRange range) {
    return DeleteRangeRequest.of(range);
  }
}
