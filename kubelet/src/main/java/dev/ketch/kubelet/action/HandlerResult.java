package dev.ketch.kubelet.action;

/**
 * How a handler went.
 *
 * @param message what to tell the user on failure (the command's output, the HTTP status, the
 *     connection error), empty on success
 */
public record HandlerResult(boolean success, String message) {

  public static HandlerResult ok() {
    return new HandlerResult(true, "");
  }

  public static HandlerResult failed(String message) {
    return new HandlerResult(false, message);
  }
}
