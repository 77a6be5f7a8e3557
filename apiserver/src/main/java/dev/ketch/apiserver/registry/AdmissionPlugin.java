package dev.ketch.apiserver.registry;

/**
 * An admission plugin, as kube-apiserver's: runs on every write after defaulting and before
 * validation ({@link #admit}, which may change the object), and after validation ({@link
 * #validate}, which may only refuse). Refuse by throwing a {@code StatusException} (Forbidden or
 * Invalid with Kubernetes' message). Implementations are thread-safe and hold no per-request state.
 */
public interface AdmissionPlugin {

  /** A name for logs and configuration, e.g. "Priority". */
  String name();

  /** Mutating phase. */
  default void admit(AdmissionRequest request) {}

  /** Validating phase. */
  default void validate(AdmissionRequest request) {}
}
