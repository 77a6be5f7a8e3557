package dev.ketch.kubelet.events;

/** The two event types Kubernetes has. */
public enum EventType {
  NORMAL("Normal"),
  WARNING("Warning");

  private final String value;

  EventType(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
