package dev.ketch.store.grpc.internal;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the responses of one server stream in order, from a virtual thread of its own, no faster
 * than the client reads them (gRPC flow control). Producers queue responses without blocking and
 * may wait for room with {@link #awaitCapacity()}; a slow client so holds back only the producers
 * that feed its own stream.
 *
 * <p>Owns one virtual thread, from {@link #start()} until the stream is finished or aborted.
 * Thread-safe.
 */
final class StreamSender<T> {

  private static final Logger log = LoggerFactory.getLogger(StreamSender.class);

  private final ServerCallStreamObserver<T> out;
  private final int capacity;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private boolean finishing;
  private boolean aborted;

  /**
   * @param out the stream; its on-ready handler is taken
   * @param capacity how many queued responses make {@link #awaitCapacity()} wait
   * @param name the name of the sending thread
   */
  StreamSender(ServerCallStreamObserver<T> out, int capacity, String name) {
    this.out = out;
    this.capacity = capacity;
    this.name = name;
    out.setOnReadyHandler(this::signal);
  }

  void start() {
    Thread.ofVirtual().name(name).start(this::run);
  }

  /** Queues {@code response}; false if the stream is over and it will never be sent. */
  boolean send(T response) {
    lock.lock();
    try {
      if (aborted || finishing) {
        return false;
      }
      queue.add(response);
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits while the queue is full, until the client has read enough or the stream is over. */
  void awaitCapacity() {
    lock.lock();
    try {
      while (!aborted && queue.size() >= capacity) {
        changed.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** Sends what is queued, then ends the stream successfully. Later responses are dropped. */
  void finish() {
    lock.lock();
    try {
      finishing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Drops what is queued and stops: the call is over (cancelled by the client or failed). */
  void abort() {
    lock.lock();
    try {
      aborted = true;
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      while (true) {
        T next;
        lock.lock();
        try {
          while (!aborted && (queue.isEmpty() ? !finishing : !out.isReady())) {
            changed.await();
          }
          if (aborted) {
            return;
          }
          next = queue.poll();
          changed.signalAll();
        } finally {
          lock.unlock();
        }
        if (next == null) {
          out.onCompleted();
          return;
        }
        out.onNext(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.atDebug().addKeyValue("stream", name).setCause(e).log("stream send failed");
      abort();
    }
  }
}
