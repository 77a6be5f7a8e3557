package dev.ketch.store.grpc.internal;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/** Collects what a service sends back on one call. */
final class Responses<T> implements StreamObserver<T> {

  final List<T> values = new ArrayList<>();
  Status error;
  boolean completed;

  @Override
  public void onNext(T value) {
    values.add(value);
  }

  @Override
  public void onError(Throwable t) {
    error = Status.fromThrowable(t);
  }

  @Override
  public void onCompleted() {
    completed = true;
  }

  /** This collector as an observer of another type, for calls listed in one table. */
  @SuppressWarnings("unchecked")
  <U> StreamObserver<U> typed() {
    return (StreamObserver<U>) this;
  }

  T single() {
    if (error != null) {
      throw new AssertionError("call failed: " + error);
    }
    if (values.size() != 1 || !completed) {
      throw new AssertionError("expected one response and completion, got " + values);
    }
    return values.getFirst();
  }
}
