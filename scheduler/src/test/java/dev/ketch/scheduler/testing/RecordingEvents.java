package dev.ketch.scheduler.testing;

import dev.ketch.scheduler.framework.EventSink;
import dev.ketch.scheduler.framework.PodInfo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records events as "Type Reason pod: message". */
public final class RecordingEvents implements EventSink {

  public final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void normal(PodInfo pod, String reason, String message) {
    events.add("Normal " + reason + " " + pod.key() + ": " + message);
  }

  @Override
  public void warning(PodInfo pod, String reason, String message) {
    events.add("Warning " + reason + " " + pod.key() + ": " + message);
  }
}
