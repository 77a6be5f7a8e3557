package dev.ketch.controllers.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;

/**
 * Records core/v1 Events about objects, as client-go's EventRecorder: reasons are upstream's
 * CamelCase words ({@code SuccessfulCreate}, {@code FailedDelete}…), messages are for people.
 * Recording never blocks and never fails the caller; events are best effort.
 *
 * <p>Implementations are thread-safe.
 */
public interface EventRecorder {

  /** Records an event about {@code involved}. */
  void event(ObjectReference involved, EventType type, String reason, String message);

  /** Records an event about {@code object}. */
  default void event(HasMetadata object, EventType type, String reason, String message) {
    event(referenceTo(object), type, reason, message);
  }

  /** A reference to {@code object} as an Event's involvedObject. */
  static ObjectReference referenceTo(HasMetadata object) {
    var meta = object.getMetadata();
    return new ObjectReferenceBuilder()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withNamespace(meta.getNamespace())
        .withName(meta.getName())
        .withUid(meta.getUid())
        .withResourceVersion(meta.getResourceVersion())
        .build();
  }

  /** Drops every event; for controllers run without a recorder. */
  static EventRecorder discarding() {
    return (involved, type, reason, message) -> {};
  }
}
