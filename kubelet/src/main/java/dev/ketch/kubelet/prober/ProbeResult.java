package dev.ketch.kubelet.prober;

/** A probe's standing result: unknown until its threshold is first reached. */
public enum ProbeResult {
  UNKNOWN,
  SUCCESS,
  FAILURE
}
