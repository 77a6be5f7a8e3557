package dev.ketch.scheduler.framework;

/**
 * The writes plugins make through the API. Implementations block until the API server answered;
 * callers run them on binding or preemption threads. Thread-safe.
 */
public interface PodActions {

  /**
   * Binds the pod through {@code pods/binding}.
   *
   * @throws ApiException when the API server refuses (409 when the pod is already bound)
   */
  void bind(PodInfo pod, String nodeName);

  /**
   * Preempts a victim as upstream does: marks it with the condition DisruptionTarget
   * (reason PreemptionByScheduler), then deletes it. A victim already gone is not an error.
   *
   * @throws ApiException on other failures
   */
  void preempt(PodInfo victim, PodInfo preemptor);

  /**
   * Sets (or, for "", clears) the pod's status.nominatedNodeName.
   *
   * @throws ApiException on failure
   */
  void setNominatedNodeName(PodInfo pod, String nodeName);

  /** A refusal by the API server: its HTTP code and message. */
  final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public ApiException(int code, String message) {
      super(message);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }
}
