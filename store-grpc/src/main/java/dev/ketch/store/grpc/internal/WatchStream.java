package dev.ketch.store.grpc.internal;

import com.google.protobuf.UnknownFieldSet;
import dev.ketch.store.Bytes;
import dev.ketch.store.KeyRange;
import dev.ketch.store.Watch;
import io.etcd.jetcd.api.WatchCancelRequest;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch stream: any number of watches, created, cancelled and asked for progress by the
 * client's requests, their events sent back in one ordered stream.
 *
 * <p>As etcd: the server picks watch ids from 0 upwards unless the client names one; a watch that
 * cannot be created is answered "created and cancelled" with id -1; a watch from a compacted
 * revision is created, then cancelled with the compaction revision; a malformed request is ignored
 * rather than ending the stream. When the client half-closes, its watches stop and the stream ends
 * cleanly once everything queued is sent.
 *
 * <p>gRPC calls the request methods one at a time; the store calls the watches' listeners on its
 * threads; responses go out through a {@link StreamSender}, which owns a virtual thread.
 */
final class WatchStream implements StreamObserver<WatchRequest> {

  /** etcd's field number of the client's chosen watch id, missing from jetcd's message. */
  static final int CREATE_WATCH_ID_FIELD = 7;

  /** Responses queued for a stream before its watches wait for the client to read. */
  static final int SEND_CAPACITY = 256;

  private static final Logger log = LoggerFactory.getLogger(WatchStream.class);

  private final ServiceContext context;
  private final WatchResponses responses;
  private final StreamSender<WatchResponse> sender;
  private final Consumer<WatchStream> onEnd;
  private final String name;
  private final Map<Long, ActiveWatch> watches = new ConcurrentHashMap<>();
  // Touched only by request callbacks, which never overlap.
  private long nextWatchId;
  private volatile boolean over;

  /**
   * @param onEnd called once when the stream is over
   */
  WatchStream(
      ServiceContext context,
      ServerCallStreamObserver<WatchResponse> out,
      String name,
      Consumer<WatchStream> onEnd) {
    this.context = context;
    this.responses = new WatchResponses(context.headers());
    this.sender = new StreamSender<>(out, SEND_CAPACITY, name);
    this.onEnd = onEnd;
    this.name = name;
    out.setOnCancelHandler(() -> end(true));
    sender.start();
  }

  @Override
  public void onNext(WatchRequest request) {
    if (over) {
      return;
    }
    try {
      switch (request.getRequestUnionCase()) {
        case CREATE_REQUEST -> create(request.getCreateRequest());
        case CANCEL_REQUEST -> cancel(request.getCancelRequest());
        case PROGRESS_REQUEST -> progress();
        case REQUESTUNION_NOT_SET ->
            log.atDebug().addKeyValue("stream", name).log("empty watch request ignored");
      }
    } catch (RuntimeException e) {
      // A bad request must not end the other watches of the stream.
      log.atWarn()
          .addKeyValue("stream", name)
          .addKeyValue("request", request.getRequestUnionCase())
          .setCause(e)
          .log("watch request failed");
    }
  }

  @Override
  public void onError(Throwable t) {
    if (Status.fromThrowable(t).getCode() != Status.Code.CANCELLED) {
      log.atDebug().addKeyValue("stream", name).addKeyValue("cause", t.toString())
          .log("watch stream failed");
    }
    end(true);
  }

  @Override
  public void onCompleted() {
    end(false);
  }

  /** Sends progress notifications to the watches that asked for them; called periodically. */
  void tick() {
    for (ActiveWatch watch : watches.values()) {
      watch.tick();
    }
  }

  int watchCount() {
    return watches.size();
  }

  private void create(WatchCreateRequest c) {
    if (c.getStartRevision() < 0) {
      sender.send(responses.refused(context.currentRevision(), EtcdErrors.COMPACTED));
      return;
    }
    long requested = requestedWatchId(c);
    long id;
    if (requested != 0) {
      if (watches.containsKey(requested)) {
        sender.send(
            responses.refused(context.currentRevision(), EtcdErrors.DUPLICATE_WATCH_ID));
        return;
      }
      id = requested;
    } else {
      while (watches.containsKey(nextWatchId)) {
        nextWatchId++;
      }
      id = nextWatchId++;
    }
    dev.ketch.store.WatchRequest request = storeRequest(c);
    ActiveWatch watch =
        new ActiveWatch(id, c.getProgressNotify(), sender, responses, w -> watches.remove(w.id(), w));
    watches.put(id, watch);
    Watch handle;
    try {
      handle = context.store().watch(request, watch);
    } catch (RuntimeException e) {
      watches.remove(id, watch);
      log.atDebug().addKeyValue("stream", name).addKeyValue("range", request.range())
          .addKeyValue("cause", e.toString()).log("watch refused");
      sender.send(responses.refused(currentRevisionOr(0), EtcdErrors.cancelReason(e)));
      return;
    }
    // etcd's "created" carries the store revision; a watch of "changes after now" starts right
    // after it, which the watch itself tells without asking the store again.
    long revision =
        c.getStartRevision() > 0
            ? currentRevisionOr(handle.startRevision() - 1)
            : handle.startRevision() - 1;
    watch.announce(handle, revision);
    log.atDebug()
        .addKeyValue("stream", name)
        .addKeyValue("watchId", id)
        .addKeyValue("range", request.range())
        .addKeyValue("startRevision", c.getStartRevision())
        .log("watch created");
  }

  private void cancel(WatchCancelRequest c) {
    ActiveWatch watch = watches.get(c.getWatchId());
    if (watch != null) {
      watch.cancel(context.currentRevision());
      log.atDebug().addKeyValue("stream", name).addKeyValue("watchId", c.getWatchId())
          .log("watch cancelled");
    }
  }

  private void progress() {
    Set<ActiveWatch> current = Set.copyOf(watches.values());
    ProgressRound round =
        new ProgressRound(
            context.currentRevision(),
            current,
            revision -> sender.send(responses.progress(WatchResponses.NO_WATCH, revision)));
    round.start();
    for (ActiveWatch watch : current) {
      watch.join(round);
    }
  }

  private void end(boolean aborted) {
    if (over) {
      return;
    }
    over = true;
    List<ActiveWatch> remaining = List.copyOf(watches.values());
    for (ActiveWatch watch : remaining) {
      try {
        watch.close();
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("stream", name).addKeyValue("watchId", watch.id()).setCause(e)
            .log("closing a watch failed");
      }
    }
    if (aborted) {
      sender.abort();
    } else {
      sender.finish();
    }
    onEnd.accept(this);
    log.atDebug().addKeyValue("stream", name).addKeyValue("watches", remaining.size())
        .addKeyValue("aborted", aborted).log("watch stream ended");
  }

  private long currentRevisionOr(long fallback) {
    try {
      return context.currentRevision();
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  /** The store's request: as etcd, an empty key means the smallest key, "\0". */
  static dev.ketch.store.WatchRequest storeRequest(WatchCreateRequest c) {
    Bytes key = c.getKey().isEmpty() ? Bytes.ZERO : KvProtos.bytes(c.getKey());
    KeyRange range = new KeyRange(key, KvProtos.bytes(c.getRangeEnd()));
    boolean noPut = false;
    boolean noDelete = false;
    for (int filter : c.getFiltersValueList()) {
      switch (filter) {
        case 0 -> noPut = true;
        case 1 -> noDelete = true;
        default -> {
          // etcd ignores filters it does not know.
        }
      }
    }
    return new dev.ketch.store.WatchRequest(
        range, c.getStartRevision(), c.getPrevKv(), noPut, noDelete);
  }

  private static long requestedWatchId(WatchCreateRequest c) {
    UnknownFieldSet.Field field = c.getUnknownFields().getField(CREATE_WATCH_ID_FIELD);
    List<Long> values = field.getVarintList();
    return values.isEmpty() ? 0 : values.getLast();
  }
}
