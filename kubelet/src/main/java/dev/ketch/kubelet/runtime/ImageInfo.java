package dev.ketch.kubelet.runtime;

import java.util.List;

/**
 * An image present on the node, as CRI's Image.
 *
 * @param id the image's ID (sha256:…)
 * @param repoTags the names it goes by ({@code docker.io/library/nginx:1.27})
 * @param repoDigests the digests it goes by ({@code docker.io/library/nginx@sha256:…}), which
 *     pod status reports as {@code imageID}
 */
public record ImageInfo(String id, List<String> repoTags, List<String> repoDigests, long size) {

  public ImageInfo {
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
  }
}
