package dev.ketch.controllers.fake;

import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps recorded events in memory, as client-go's FakeRecorder. Thread-safe. */
public final class FakeRecorder implements EventRecorder {

  /** One event: {@code Normal SuccessfulCreate Created pod: x} about {@code kind name}. */
  public record Recorded(String kind, String name, String type, String reason, String message) {
    @Override
    public String toString() {
      return type + " " + reason + " " + message;
    }
  }

  private final List<Recorded> events = new CopyOnWriteArrayList<>();

  @Override
  public void event(ObjectReference involved, EventType type, String reason, String message) {
    events.add(new Recorded(involved.getKind(), involved.getName(), type.value(), reason, message));
  }

  public List<Recorded> events() {
    return List.copyOf(events);
  }

  public List<String> reasons() {
    return events.stream().map(Recorded::reason).toList();
  }

  public List<Recorded> withReason(String reason) {
    return events.stream().filter(e -> e.reason().equals(reason)).toList();
  }

  public void clear() {
    events.clear();
  }
}
