package dev.ketch.store.grpc.internal;

import dev.ketch.store.StoreException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers unary calls, turning failures into etcd's gRPC errors. */
public final class Calls {

  private static final Logger log = LoggerFactory.getLogger(Calls.class);

  private Calls() {}

  /**
   * Runs {@code handler} and sends its response, or the error it failed with. Failures the store
   * or the request explain are the client's to see; anything else is logged as a server fault and
   * reported as etcd reports errors it has no code for.
   */
  public static <T> void unary(String method, StreamObserver<T> observer, Supplier<T> handler) {
    T response;
    try {
      response = handler.get();
    } catch (RuntimeException e) {
      observer.onError(toStatus(method, e));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  /** The gRPC error for a failure of {@code method}. */
  public static StatusRuntimeException toStatus(String method, RuntimeException e) {
    return switch (e) {
      case StatusRuntimeException s -> s;
      case StoreException s -> EtcdErrors.of(s);
      default -> {
        log.atWarn()
            .addKeyValue("method", method)
            .setCause(e)
            .log("etcd request failed unexpectedly");
        yield Status.UNKNOWN.withDescription(String.valueOf(e.getMessage())).asRuntimeException();
      }
    };
  }
}
