package dev.ketch.kubelet.action;

/** Why a handler runs: a kind of probe or a lifecycle hook. */
public enum Purpose {
  LIVENESS("Liveness"),
  READINESS("Readiness"),
  STARTUP("Startup"),
  POST_START("PostStart"),
  PRE_STOP("PreStop");

  private final String display;

  Purpose(String display) {
    this.display = display;
  }

  /** As upstream's events spell it: "Liveness", "PostStart". */
  public String display() {
    return display;
  }
}
