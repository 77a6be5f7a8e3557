package dev.ketch.kubelet.runtime;

import java.util.Map;

/** An image as a pod names it ({@code nginx}, {@code docker.io/library/busybox:1.36}). */
public record ImageSpec(String image, Map<String, String> annotations) {

  public ImageSpec {
    annotations = Map.copyOf(annotations);
  }

  public static ImageSpec of(String image) {
    return new ImageSpec(image, Map.of());
  }
}
