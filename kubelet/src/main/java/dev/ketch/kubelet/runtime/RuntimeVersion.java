package dev.ketch.kubelet.runtime;

/**
 * Who the runtime is, as CRI's VersionResponse.
 *
 * @param runtimeName e.g. {@code containerd}; the scheme of container IDs in pod status
 * @param runtimeVersion e.g. {@code 1.6.20}
 * @param runtimeApiVersion e.g. {@code v1}
 */
public record RuntimeVersion(String runtimeName, String runtimeVersion, String runtimeApiVersion) {

  /** How the node reports it: {@code containerd://1.6.20}. */
  public String nodeInfo() {
    return runtimeName + "://" + runtimeVersion;
  }
}
