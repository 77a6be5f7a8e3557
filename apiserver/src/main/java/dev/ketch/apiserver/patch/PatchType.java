package dev.ketch.apiserver.patch;

import java.util.Optional;

/** The patch formats a PATCH request names in its Content-Type, as kube-apiserver knows them. */
public enum PatchType {
  /** RFC 6902 operations; {@link JsonPatch}. */
  JSON_PATCH("application/json-patch+json"),
  /** RFC 7386 merge patch; {@link MergePatch}. */
  MERGE_PATCH("application/merge-patch+json"),
  /** Kubernetes' strategic merge patch, built-in types only; {@link StrategicMergePatch}. */
  STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json");

  private final String mediaType;

  PatchType(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /**
   * The patch type a Content-Type header names. As upstream, whatever follows the first {@code ;}
   * (e.g. a charset) is ignored and the rest must match exactly.
   *
   * @return the type, or empty if the header names none of these (apply patches included)
   */
  public static Optional<PatchType> fromContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    int semicolon = contentType.indexOf(';');
    String base = semicolon > 0 ? contentType.substring(0, semicolon) : contentType;
    for (PatchType t : values()) {
      if (t.mediaType.equals(base)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
