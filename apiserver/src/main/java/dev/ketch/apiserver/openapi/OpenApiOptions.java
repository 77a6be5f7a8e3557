package dev.ketch.apiserver.openapi;

import java.util.Objects;

/**
 * What the OpenAPI documents say beyond the model.
 *
 * @param version the server version in {@code info.version}, e.g. {@code v1.32.0}
 * @param fieldValidation whether write operations advertise the {@code fieldValidation} query
 *     parameter. Upstream does, and kubectl then leaves unknown-field checks to the server and
 *     validates nothing itself; so turn it on only when the server rejects unknown fields under
 *     {@code fieldValidation=Strict}, or manifests with typos pass unnoticed.
 * @param patchHints the strategic-merge metadata of the model's fields
 */
public record OpenApiOptions(String version, boolean fieldValidation, PatchHints patchHints) {

  public OpenApiOptions {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(patchHints, "patchHints");
  }

  /** Upstream's choices: fieldValidation advertised, with the given patch metadata. */
  public static OpenApiOptions upstream(String version, PatchHints patchHints) {
    return new OpenApiOptions(version, true, patchHints);
  }

  public OpenApiOptions withFieldValidation(boolean on) {
    return new OpenApiOptions(version, on, patchHints);
  }
}
