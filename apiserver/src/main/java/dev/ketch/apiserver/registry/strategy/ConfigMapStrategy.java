package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * ConfigMaps: keys of data and binaryData are config keys, never in both; all values together at
 * most 1 MiB; with {@code immutable: true} neither the data nor the flag may change.
 */
public final class ConfigMapStrategy extends ObjectStrategy<ConfigMap> {

  public ConfigMapStrategy() {
    super(ConfigMap.class);
  }

  @Override
  protected void check(ConfigMap cm, FieldErrors errs) {
    long total = 0;
    var binary = Lists.of(cm.getBinaryData());
    for (var e : Lists.of(cm.getData()).entrySet()) {
      FieldPath at = FieldPath.root("data").key(e.getKey());
      errs.invalidEach(at, e.getKey(), Formats.configKey(e.getKey()));
      if (binary.containsKey(e.getKey())) {
        errs.invalid(at, e.getKey(), "duplicate of key present in binaryData");
      }
      total += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    for (var e : binary.entrySet()) {
      errs.invalidEach(FieldPath.root("binaryData").key(e.getKey()), e.getKey(), Formats.configKey(e.getKey()));
      total += decodedLength(e.getValue());
    }
    if (total > Formats.MAX_CONFIG_SIZE) {
      errs.tooLong(FieldPath.root(""), Formats.MAX_CONFIG_SIZE);
    }
  }

  @Override
  protected void checkUpdate(ConfigMap cm, ConfigMap old, FieldErrors errs) {
    if (!Boolean.TRUE.equals(old.getImmutable())) {
      return;
    }
    if (!Boolean.TRUE.equals(cm.getImmutable())) {
      errs.forbidden(FieldPath.root("immutable"), "field is immutable when `immutable` is set");
    }
    if (!Objects.equals(Lists.of(cm.getData()), Lists.of(old.getData()))) {
      errs.forbidden(FieldPath.root("data"), "field is immutable when `immutable` is set");
    }
    if (!Objects.equals(Lists.of(cm.getBinaryData()), Lists.of(old.getBinaryData()))) {
      errs.forbidden(FieldPath.root("binaryData"), "field is immutable when `immutable` is set");
    }
  }

  static long decodedLength(String base64) {
    if (base64 == null) {
      return 0;
    }
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return base64.length();
    }
  }
}
