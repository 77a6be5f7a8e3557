package dev.ketch.scheduler.plugins.defaultbinder;

import dev.ketch.scheduler.framework.BindPlugin;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.Handle;
import dev.ketch.scheduler.framework.PodActions;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.Status;

/** Binds pods with a v1 Binding posted to {@code pods/binding}. */
public final class DefaultBinder implements BindPlugin {

  public static final String NAME = "DefaultBinder";

  private final Handle handle;

  public DefaultBinder(Handle handle) {
    this.handle = handle;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status bind(CycleState state, PodInfo pod, String nodeName) {
    try {
      handle.podActions().bind(pod, nodeName);
      return Status.success();
    } catch (PodActions.ApiException e) {
      return Status.error("binding rejected: " + e.getMessage());
    }
  }
}
