package dev.ketch.controllers.events;

/** The type of a core/v1 Event. */
public enum EventType {
  NORMAL("Normal"),
  WARNING("Warning");

  private final String value;

  EventType(String value) {
    this.value = value;
  }

  /** As written in the Event's {@code type}. */
  public String value() {
    return value;
  }
}
