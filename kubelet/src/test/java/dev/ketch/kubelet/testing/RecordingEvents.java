package dev.ketch.kubelet.testing;

import dev.ketch.kubelet.events.EventRecorder;
import dev.ketch.kubelet.events.EventType;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event, for assertions. Thread-safe. */
public final class RecordingEvents implements EventRecorder {

  /** One recorded event. */
  public record Recorded(String object, String fieldPath, EventType type, String reason, String message) {
    @Override
    public String toString() {
      return type.value() + " " + reason + " " + object + (fieldPath == null ? "" : " " + fieldPath) + ": " + message;
    }
  }

  private final List<Recorded> events = new ArrayList<>();

  @Override
  public synchronized void event(ObjectReference involved, EventType type, String reason, String message) {
    events.add(new Recorded(involved.getName(), involved.getFieldPath(), type, reason, message));
  }

  public synchronized List<Recorded> all() {
    return List.copyOf(events);
  }

  public synchronized List<String> reasons() {
    return events.stream().map(Recorded::reason).toList();
  }

  public synchronized List<Recorded> withReason(String reason) {
    return events.stream().filter(e -> e.reason().equals(reason)).toList();
  }

  public synchronized void clear() {
    events.clear();
  }
}
