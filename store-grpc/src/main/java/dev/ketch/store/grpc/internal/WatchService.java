package dev.ketch.store.grpc.internal;

import io.etcd.jetcd.api.WatchGrpc;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * etcd's {@code Watch} service: one {@link WatchStream} per call. Thread-safe.
 */
public final class WatchService extends WatchGrpc.WatchImplBase {

  private final ServiceContext context;
  private final Set<WatchStream> streams = ConcurrentHashMap.newKeySet();
  private final AtomicLong streamCount = new AtomicLong();

  public WatchService(ServiceContext context) {
    this.context = context;
  }

  @Override
  public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> responses) {
    var out = (ServerCallStreamObserver<WatchResponse>) responses;
    String name = "etcd-watch-" + streamCount.incrementAndGet();
    WatchStream stream = new WatchStream(context, out, name, streams::remove);
    streams.add(stream);
    return stream;
  }

  /**
   * Sends the periodic progress notifications of the watches that asked for them. Called by the
   * endpoint at etcd's progress interval.
   */
  public void tick() {
    for (WatchStream stream : streams) {
      stream.tick();
    }
  }

  /** The number of watches open on all streams. */
  public int watchCount() {
    return streams.stream().mapToInt(WatchStream::watchCount).sum();
  }
}
