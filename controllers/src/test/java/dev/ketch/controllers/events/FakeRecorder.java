package dev.ketch.controllers.events;

import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.ArrayList;
import java.util.List;

/** An {@link EventRecorder} that keeps what it is given, for assertions. Thread-safe. */
public final class FakeRecorder implements EventRecorder {

  /** One recorded event. */
  public record Recorded(String kind, String namespace, String name, EventType type, String reason, String message) {
    @Override
    public String toString() {
      return type.value() + " " + reason + " " + kind + "/" + name + ": " + message;
    }
  }

  private final List<Recorded> events = new ArrayList<>();

  @Override
  public synchronized void event(ObjectReference involved, EventType type, String reason, String message) {
    events.add(new Recorded(involved.getKind(), involved.getNamespace(), involved.getName(), type, reason, message));
  }

  public synchronized List<Recorded> events() {
    return List.copyOf(events);
  }

  public synchronized List<String> reasons() {
    return events.stream().map(Recorded::reason).toList();
  }

  public synchronized void clear() {
    events.clear();
  }
}
