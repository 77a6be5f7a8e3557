package dev.ketch.kubelet.runtime;

/** A sandbox is READY from RunPodSandbox until StopPodSandbox, then NOTREADY until removed. */
public enum PodSandboxState {
  READY,
  NOTREADY
}
