package dev.ketch.kubelet.runtime;

/** CRI's container states: created, running, exited (with an exit code), or unknown to the runtime. */
public enum ContainerState {
  CREATED,
  RUNNING,
  EXITED,
  UNKNOWN
}
