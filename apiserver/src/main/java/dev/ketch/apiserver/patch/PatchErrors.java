package dev.ketch.apiserver.patch;

import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import java.util.List;

/**
 * The failures a PATCH can end in, shaped as kube-apiserver answers them. Its patch handler turns
 * unreadable bodies into 400 BadRequest with the decoder's message, refused JSON patch operations
 * and lists of lists into a 422 whose message is a fixed sentence (the underlying error is not
 * shown), and passes other strategic merge errors through unconverted, which the server answers
 * with 500 and the error text.
 */
final class PatchErrors {

  /** The only message kube-apiserver gives with a 422 from applying a patch. */
  static final String REJECTED = "the server rejected our request due to an error in our request";

  /** What kube-apiserver answers when a request makes its Go code panic. */
  static final String PANIC = "This request caused apiserver to panic. Look in the logs for details.";

  private PatchErrors() {}

  static StatusException badRequest(String message) {
    return StatusException.badRequest(message);
  }

  static StatusException rejected() {
    return new StatusException(Reason.INVALID, REJECTED, null, null, null, List.of());
  }

  /** An error kube-apiserver does not classify: 500 with the error's own text. */
  static StatusException failed(String message) {
    return new StatusException(Reason.INTERNAL_ERROR, message, null, null, null, List.of());
  }

  /** Input that makes upstream's Go code panic (uncomparable values, nil element types). */
  static StatusException panicked() {
    return failed(PANIC);
  }

  static StatusException tooLarge(String message) {
    return new StatusException(
        Reason.REQUEST_ENTITY_TOO_LARGE, "Request entity too large: " + message, null, null, null, List.of());
  }
}
