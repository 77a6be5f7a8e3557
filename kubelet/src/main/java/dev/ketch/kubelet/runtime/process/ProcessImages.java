package dev.ketch.kubelet.runtime.process;

import dev.ketch.kubelet.runtime.ImageInfo;
import dev.ketch.kubelet.runtime.ImageService;
import dev.ketch.kubelet.runtime.ImageSpec;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import dev.ketch.kubelet.runtime.simulated.ImageNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Images on a node whose containers are host processes: there is nothing to pull, the host's files
 * are the image. Every image is present; a pull succeeds at once. Images named by pods are listed
 * (for node status) with a digest made from the name. Thread-safe.
 */
final class ProcessImages implements ImageService {

  private final Map<String, ImageInfo> seen = new LinkedHashMap<>();

  @Override
  public synchronized Optional<ImageInfo> imageStatus(ImageSpec image) {
    return Optional.of(info(image.image()));
  }

  @Override
  public synchronized String pullImage(ImageSpec image, PodSandboxConfig sandbox) {
    return info(image.image()).repoDigests().getFirst();
  }

  @Override
  public synchronized List<ImageInfo> listImages() {
    return List.copyOf(seen.values());
  }

  @Override
  public synchronized void removeImage(ImageSpec image) {
    seen.remove(ImageNames.normalize(image.image()));
  }

  /** The reference a container of this image reports as its imageID. */
  synchronized String reference(String image) {
    return info(image).repoDigests().getFirst();
  }

  private ImageInfo info(String image) {
    String normalized = ImageNames.normalize(image);
    return seen.computeIfAbsent(normalized, n -> {
      String digest = ImageNames.digest(n);
      List<String> tags = n.contains("@") ? List.of() : List.of(n);
      return new ImageInfo(digest, tags, List.of(ImageNames.repository(n) + "@" + digest), 0);
    });
  }
}
