package dev.ketch.controllers.manager;

import dev.ketch.controllers.framework.ManagedController;
import java.util.Objects;
import java.util.function.Function;

/**
 * A controller the manager can run: its name and how to create it.
 *
 * @param name the controller's name, e.g. {@code garbage-collector}
 * @param factory creates it, registering its informers; called once the process leads
 */
public record ControllerDescriptor(String name, Function<ControllerContext, ManagedController> factory) {

  public ControllerDescriptor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(factory, "factory");
  }
}
