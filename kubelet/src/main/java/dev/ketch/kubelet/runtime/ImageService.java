package dev.ketch.kubelet.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The images on the node, modelled on CRI's ImageService.
 *
 * <p>Thread-safety: implementations are safe for concurrent use; pulls of different images may
 * run at once and may block for as long as the download takes.
 */
public interface ImageService {

  /** The image if it is present on the node; empty (never an exception) if it is not. */
  Optional<ImageInfo> imageStatus(ImageSpec image);

  /**
   * Pulls an image; {@code sandbox} is the config of the pod that needs it (runtimes may pull
   * per runtime handler or namespace).
   *
   * @return the image reference to create containers with (its digest form)
   * @throws ContainerRuntimeException IMAGE_PULL_FAILED with the registry's message
   */
  String pullImage(ImageSpec image, PodSandboxConfig sandbox);

  /** Every image on the node. */
  List<ImageInfo> listImages();

  /** Removes an image. Idempotent. */
  void removeImage(ImageSpec image);
}
