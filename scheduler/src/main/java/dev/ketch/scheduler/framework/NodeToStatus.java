package dev.ketch.scheduler.framework;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Why each node was rejected in one scheduling cycle. Nodes never evaluated (a PreFilter result
 * left them out) take the {@link #absentStatus()}. Not thread-safe.
 */
public final class NodeToStatus {

  private final Map<String, Status> statuses = new HashMap<>();
  private Status absent;

  public NodeToStatus(Status absent) {
    this.absent = absent;
  }

  /** Absent nodes count as unresolvable without a reason, as upstream's default. */
  public static NodeToStatus withDefaultAbsent() {
    return new NodeToStatus(Status.unresolvable());
  }

  public void set(String node, Status status) {
    statuses.put(node, status);
  }

  /** The node's status, the absent status when it has none recorded. */
  public Status get(String node) {
    Status s = statuses.get(node);
    return s == null ? absent : s;
  }

  public Status absentStatus() {
    return absent;
  }

  public void setAbsentStatus(Status status) {
    this.absent = status;
  }

  public int size() {
    return statuses.size();
  }

  public void forEach(BiConsumer<String, Status> action) {
    statuses.forEach(action);
  }
}
