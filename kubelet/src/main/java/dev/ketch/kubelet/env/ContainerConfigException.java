package dev.ketch.kubelet.env;

/**
 * A container's configuration cannot be completed from the API (a ConfigMap, Secret or key it
 * needs does not exist, a field reference is unsupported): the container waits with reason
 * {@code CreateContainerConfigError} and this message, as upstream's.
 */
public final class ContainerConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  public ContainerConfigException(String message) {
    super(message);
  }
}
