package dev.ketch.store.etcd;

import dev.ketch.store.StoreException;
import dev.ketch.store.Watch;
import dev.ketch.store.WatchListener;
import dev.ketch.store.WatchRequest;
import io.etcd.jetcd.api.WatchGrpc;
import io.etcd.jetcd.api.WatchProgressRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch on a gRPC stream of its own, so that a progress request concerns this watch only
 * and a slow listener holds back nobody else.
 *
 * <p>gRPC delivers the responses of one stream one at a time on the channel's executor; the
 * listener is called from there, under {@link #delivery}, which also orders {@link #close()}'s
 * {@code onClosed} after a delivery in progress. The watch does not resume after a broken stream:
 * the listener gets {@code onClosed} with the cause and restarts from the last revision it saw, as
 * it must after a compaction anyway.
 */
final class EtcdWatch implements Watch {

  private static final Logger log = LoggerFactory.getLogger(EtcdWatch.class);

  private final WatchRequest request;
  private final WatchListener listener;
  private final Consumer<EtcdWatch> onEnd;
  private final ReentrantLock delivery = new ReentrantLock();
  private final CompletableFuture<Long> created = new CompletableFuture<>();
  private final Object sendLock = new Object();
  private ClientCallStreamObserver<io.etcd.jetcd.api.WatchRequest> requests;
  private boolean streamCancelled; // guarded by sendLock
  private volatile boolean ended;

  private EtcdWatch(WatchRequest request, WatchListener listener, Consumer<EtcdWatch> onEnd) {
    this.request = request;
    this.listener = listener;
    this.onEnd = onEnd;
  }

  /**
   * Opens the stream and waits until etcd confirms the watch.
   *
   * @throws StoreException.InvalidRequestException if etcd refuses the watch
   * @throws StoreException.UnavailableException if etcd does not confirm it in time
   */
  static EtcdWatch start(
      WatchGrpc.WatchStub stub,
      WatchRequest request,
      WatchListener listener,
      Duration timeout,
      Consumer<EtcdWatch> onEnd) {
    EtcdWatch watch = new EtcdWatch(request, listener, onEnd);
    synchronized (watch.sendLock) {
      watch.requests =
          (ClientCallStreamObserver<io.etcd.jetcd.api.WatchRequest>)
              stub.watch(watch.new Responses());
      watch.requests.onNext(ProtoMapping.toProto(request));
    }
    try {
      watch.created.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return watch;
    } catch (ExecutionException e) {
      watch.cancelStream();
      throw e.getCause() instanceof StoreException se
          ? se
          : new StoreException("etcd watch failed", e.getCause());
    } catch (TimeoutException e) {
      watch.abandon();
      throw new StoreException.UnavailableException(
          "etcd did not confirm the watch within " + timeout, e);
    } catch (InterruptedException e) {
      watch.abandon();
      Thread.currentThread().interrupt();
      throw new StoreException.UnavailableException("interrupted while starting a watch", e);
    }
  }

  @Override
  public long startRevision() {
    return created.getNow(request.startRevision());
  }

  /**
   * Asks etcd for a progress notification. etcd before 3.4.24 and 3.5.8 may answer before it has
   * sent every event up to the revision it reports (etcd issue 15220).
   */
  @Override
  public void requestProgress() {
    synchronized (sendLock) {
      if (!streamCancelled) {
        requests.onNext(
            io.etcd.jetcd.api.WatchRequest.newBuilder()
                .setProgressRequest(WatchProgressRequest.getDefaultInstance())
                .build());
      }
    }
  }

  boolean isEnded() {
    return ended;
  }

  @Override
  public void close() {
    end(l -> l.onClosed(null));
  }

  /** Ends the watch because the store is closing. */
  void closeByStore(Throwable cause) {
    end(l -> l.onClosed(cause));
  }

  private void deliver(Consumer<WatchListener> call) {
    delivery.lock();
    try {
      if (ended) {
        return;
      }
      call.accept(listener);
    } catch (RuntimeException e) {
      // A listener that fails cannot be trusted with more events; it learns why in onClosed.
      ended = true;
      cancelStream();
      onEnd.accept(this);
      notifyEnd(l -> l.onClosed(e));
    } finally {
      delivery.unlock();
    }
  }

  private void end(Consumer<WatchListener> last) {
    delivery.lock();
    try {
      if (ended) {
        return;
      }
      ended = true;
      cancelStream();
      onEnd.accept(this);
      notifyEnd(last);
    } finally {
      delivery.unlock();
    }
  }

  private void notifyEnd(Consumer<WatchListener> last) {
    try {
      last.accept(listener);
    } catch (RuntimeException e) {
      // Nothing follows the last call, so there is no one left to tell.
      log.warn("watch listener failed in its final call range={}", request.range(), e);
    }
  }

  /** Ends a watch whose creation failed; the listener never heard of it. */
  private void abandon() {
    ended = true;
    cancelStream();
  }

  private void cancelStream() {
    synchronized (sendLock) {
      if (!streamCancelled) {
        streamCancelled = true;
        requests.cancel("watch ended", null);
      }
    }
  }

  private final class Responses implements StreamObserver<WatchResponse> {

    @Override
    public void onNext(WatchResponse response) {
      if (!created.isDone()) {
        if (response.getCanceled()) {
          abandon();
          created.completeExceptionally(
              new StoreException.InvalidRequestException(
                  "etcd refused the watch: " + response.getCancelReason()));
        } else if (response.getCreated()) {
          created.complete(
              request.startRevision() > 0
                  ? request.startRevision()
                  : response.getHeader().getRevision() + 1);
        }
        return;
      }
      if (response.getCanceled()) {
        long compactRevision = response.getCompactRevision();
        if (compactRevision != 0) {
          end(l -> l.onCompacted(compactRevision));
        } else {
          StoreException cause =
              new StoreException("etcd cancelled the watch: " + response.getCancelReason());
          end(l -> l.onClosed(cause));
        }
      } else if (response.getEventsCount() == 0) {
        // etcd 3.4 answers a progress request with watch id -1 and no events.
        long revision = response.getHeader().getRevision();
        deliver(l -> l.onProgress(revision));
      } else {
        deliver(l -> l.onEvents(ProtoMapping.events(response.getEventsList())));
      }
    }

    @Override
    public void onError(Throwable t) {
      StoreException cause = EtcdErrors.translate(Status.fromThrowable(t), t);
      if (!created.isDone()) {
        abandon();
        created.completeExceptionally(cause);
        return;
      }
      end(l -> l.onClosed(cause));
    }

    @Override
    public void onCompleted() {
      StoreException cause =
          new StoreException.UnavailableException("etcd ended the watch stream", null);
      if (!created.isDone()) {
        abandon();
        created.completeExceptionally(cause);
        return;
      }
      end(l -> l.onClosed(cause));
    }
  }
}
