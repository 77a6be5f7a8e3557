package dev.ketch.store.grpc.internal;

import dev.ketch.store.Event;
import dev.ketch.store.Watch;
import dev.ketch.store.WatchListener;
import io.etcd.jetcd.api.WatchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One watch of an etcd watch stream: the listener the store calls, turning what it delivers into
 * responses for the stream. Responses that arrive before the watch is announced as created wait,
 * so that the client always sees "created" first; nothing is sent after the watch has ended.
 *
 * <p>The store calls the listener methods on its own threads; the stream calls the rest. Thread-safe.
 */
final class ActiveWatch implements WatchListener {

  private final long id;
  private final boolean progressNotify;
  private final StreamSender<WatchResponse> sender;
  private final WatchResponses responses;
  private final Consumer<ActiveWatch> onEnd;

  private final Object lock = new Object();
  private Watch handle;
  private boolean announced;
  private boolean ended;
  private final List<WatchResponse> pending = new ArrayList<>();
  private final List<ProgressRound> rounds = new ArrayList<>();
  private boolean progressWanted;
  private boolean eventsSinceTick;
  private long lastRevision;

  /**
   * @param onEnd called once when the watch ends, however it ends
   */
  ActiveWatch(
      long id,
      boolean progressNotify,
      StreamSender<WatchResponse> sender,
      WatchResponses responses,
      Consumer<ActiveWatch> onEnd) {
    this.id = id;
    this.progressNotify = progressNotify;
    this.sender = sender;
    this.responses = responses;
    this.onEnd = onEnd;
  }

  long id() {
    return id;
  }

  /** Sends "created" at {@code revision}, then whatever the store delivered meanwhile. */
  void announce(Watch handle, long revision) {
    synchronized (lock) {
      this.handle = handle;
      lastRevision = Math.max(lastRevision, revision);
      sender.send(responses.created(id, revision));
      announced = true;
      pending.forEach(sender::send);
      pending.clear();
    }
  }

  /** The client cancelled the watch: it is told so at {@code revision}, and the watch stops. */
  void cancel(long revision) {
    end(responses.canceled(id, revision, null));
    closeHandle();
  }

  /** The stream is over: the watch stops without a word. */
  void close() {
    end(null);
    closeHandle();
  }

  /**
   * The periodic progress notification etcd sends to watches that asked for it and had no event
   * since the last one.
   */
  void tick() {
    if (!progressNotify) {
      return;
    }
    synchronized (lock) {
      boolean quiet = !eventsSinceTick;
      eventsSinceTick = false;
      if (ended || !announced || !quiet) {
        return;
      }
      progressWanted = true;
    }
    requestProgress();
  }

  /** Counts this watch in {@code round}, asking the store where it stands. */
  void join(ProgressRound round) {
    boolean counted;
    synchronized (lock) {
      counted = !ended;
      if (counted) {
        rounds.add(round);
      }
    }
    if (counted) {
      requestProgress();
    } else {
      round.withdraw(this);
    }
  }

  @Override
  public void onEvents(List<Event> events) {
    for (WatchResponse response : responses.events(id, events)) {
      if (!deliver(response)) {
        return;
      }
    }
    synchronized (lock) {
      eventsSinceTick = true;
      lastRevision = Math.max(lastRevision, events.getLast().revision());
    }
    // Blocking here holds back this watch only, which is how a slow client slows its own stream.
    sender.awaitCapacity();
  }

  @Override
  public void onProgress(long revision) {
    List<ProgressRound> reporting;
    boolean own;
    synchronized (lock) {
      if (ended) {
        return;
      }
      own = progressWanted;
      progressWanted = false;
      reporting = List.copyOf(rounds);
      rounds.clear();
      lastRevision = Math.max(lastRevision, revision);
    }
    if (own) {
      deliver(responses.progress(id, revision));
    }
    boolean askAgain = false;
    for (ProgressRound round : reporting) {
      if (!round.report(this, revision)) {
        synchronized (lock) {
          rounds.add(round);
        }
        askAgain = true;
      }
    }
    if (askAgain) {
      requestProgress();
    }
  }

  @Override
  public void onCompacted(long compactRevision) {
    end(responses.compacted(id, compactRevision));
  }

  @Override
  public void onClosed(Throwable cause) {
    if (cause == null) {
      end(null);
      return;
    }
    long revision;
    synchronized (lock) {
      revision = lastRevision;
    }
    end(responses.canceled(id, revision, EtcdErrors.cancelReason(cause)));
  }

  private boolean deliver(WatchResponse response) {
    synchronized (lock) {
      if (ended) {
        return false;
      }
      if (announced) {
        sender.send(response);
      } else {
        pending.add(response);
      }
      return true;
    }
  }

  private void end(WatchResponse last) {
    List<ProgressRound> leaving;
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      if (last != null) {
        if (announced) {
          sender.send(last);
        } else {
          pending.add(last);
        }
      }
      leaving = List.copyOf(rounds);
      rounds.clear();
    }
    onEnd.accept(this);
    leaving.forEach(round -> round.withdraw(this));
  }

  private void requestProgress() {
    Watch h;
    synchronized (lock) {
      h = handle;
    }
    if (h != null) {
      h.requestProgress();
    }
  }

  private void closeHandle() {
    Watch h;
    synchronized (lock) {
      h = handle;
    }
    if (h != null) {
      h.close();
    }
  }
}
