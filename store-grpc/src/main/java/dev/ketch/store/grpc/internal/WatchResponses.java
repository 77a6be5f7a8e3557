package dev.ketch.store.grpc.internal;

import dev.ketch.store.Event;
import io.etcd.jetcd.api.WatchResponse;
import java.util.ArrayList;
import java.util.List;

/** The responses of etcd's watch stream. */
final class WatchResponses {

  /** The watch id etcd uses for answers that concern no single watch. */
  static final long NO_WATCH = -1;

  private final ResponseHeaders headers;

  WatchResponses(ResponseHeaders headers) {
    this.headers = headers;
  }

  WatchResponse created(long watchId, long revision) {
    return WatchResponse.newBuilder()
        .setHeader(headers.at(revision))
        .setWatchId(watchId)
        .setCreated(true)
        .build();
  }

  /** A watch that could not be created: etcd reports it created and cancelled at once. */
  WatchResponse refused(long revision, String reason) {
    return WatchResponse.newBuilder()
        .setHeader(headers.at(revision))
        .setWatchId(NO_WATCH)
        .setCreated(true)
        .setCanceled(true)
        .setCancelReason(reason)
        .build();
  }

  WatchResponse canceled(long watchId, long revision, String reason) {
    WatchResponse.Builder b =
        WatchResponse.newBuilder()
            .setHeader(headers.at(revision))
            .setWatchId(watchId)
            .setCanceled(true);
    if (reason != null) {
      b.setCancelReason(reason);
    }
    return b.build();
  }

  WatchResponse compacted(long watchId, long compactRevision) {
    return WatchResponse.newBuilder()
        .setHeader(headers.at(compactRevision))
        .setWatchId(watchId)
        .setCanceled(true)
        .setCompactRevision(compactRevision)
        .build();
  }

  /** Every event up to {@code revision} has been sent, for one watch or (NO_WATCH) for all. */
  WatchResponse progress(long watchId, long revision) {
    return WatchResponse.newBuilder().setHeader(headers.at(revision)).setWatchId(watchId).build();
  }

  /** The events, one response per revision, in order. */
  List<WatchResponse> events(long watchId, List<Event> events) {
    List<WatchResponse> responses = new ArrayList<>();
    WatchResponse.Builder current = null;
    long currentRevision = 0;
    for (Event event : events) {
      if (current == null || event.revision() != currentRevision) {
        if (current != null) {
          responses.add(current.build());
        }
        currentRevision = event.revision();
        current =
            WatchResponse.newBuilder().setHeader(headers.at(currentRevision)).setWatchId(watchId);
      }
      current.addEvents(KvProtos.event(event));
    }
    if (current != null) {
      responses.add(current.build());
    }
    return responses;
  }
}
