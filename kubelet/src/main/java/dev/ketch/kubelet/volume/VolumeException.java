package dev.ketch.kubelet.volume;

/**
 * A volume of a pod cannot be set up: the pod's containers wait in ContainerCreating and the pod
 * gets a {@code FailedMount} event with {@link #eventMessage()}, as upstream's.
 */
public final class VolumeException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String volume;

  public VolumeException(String volume, String message) {
    super(message);
    this.volume = volume;
  }

  public String volume() {
    return volume;
  }

  /** As upstream words it: {@code MountVolume.SetUp failed for volume "cfg" : configmap "x" not found}. */
  public String eventMessage() {
    return "MountVolume.SetUp failed for volume \"" + volume + "\" : " + getMessage();
  }
}
