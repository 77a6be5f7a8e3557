package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * Secrets: type Opaque by default; {@code stringData} merged into {@code data} (as the v1
 * conversion does); keys are config keys and the decoded data at most 1 MiB; the keys each
 * well-known type requires; type is immutable, and so is the data of an {@code immutable} Secret.
 */
public final class SecretStrategy extends ObjectStrategy<Secret> {

  public SecretStrategy() {
    super(Secret.class);
  }

  @Override
  protected void defaults(Secret s) {
    if (Lists.isEmpty(s.getType())) {
      s.setType("Opaque");
    }
    if (s.getStringData() != null && !s.getStringData().isEmpty()) {
      var data = s.getData() == null ? new LinkedHashMap<String, String>() : new LinkedHashMap<>(s.getData());
      s.getStringData().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(Lists.orEmpty(v).getBytes(StandardCharsets.UTF_8))));
      s.setData(data);
    }
    s.setStringData(null);
  }

  @Override
  protected void check(Secret s, FieldErrors errs) {
    FieldPath data = FieldPath.root("data");
    long total = 0;
    var values = Lists.of(s.getData());
    for (var e : values.entrySet()) {
      errs.invalidEach(data.key(e.getKey()), e.getKey(), Formats.configKey(e.getKey()));
      total += ConfigMapStrategy.decodedLength(e.getValue());
    }
    if (total > Formats.MAX_CONFIG_SIZE) {
      errs.tooLong(data, Formats.MAX_CONFIG_SIZE);
    }
    switch (Lists.orEmpty(s.getType())) {
      case "kubernetes.io/service-account-token" -> {
        if (Lists.isEmpty(Lists.of(s.getMetadata().getAnnotations()).get("kubernetes.io/service-account.name"))) {
          errs.required(FieldPath.root("metadata").child("annotations").key("kubernetes.io/service-account.name"));
        }
      }
      case "kubernetes.io/dockercfg" -> requireKey(values, ".dockercfg", data, errs);
      case "kubernetes.io/dockerconfigjson" -> requireKey(values, ".dockerconfigjson", data, errs);
      case "kubernetes.io/basic-auth" -> {
        if (!values.containsKey("username") && !values.containsKey("password")) {
          errs.required(data.key("username"));
          errs.required(data.key("password"));
        }
      }
      case "kubernetes.io/ssh-auth" -> {
        if (Lists.isEmpty(values.get("ssh-privatekey"))) {
          errs.required(data.key("ssh-privatekey"));
        }
      }
      case "kubernetes.io/tls" -> {
        requireKey(values, "tls.crt", data, errs);
        requireKey(values, "tls.key", data, errs);
      }
      default -> { }
    }
  }

  private static void requireKey(java.util.Map<String, String> values, String key, FieldPath data, FieldErrors errs) {
    if (!values.containsKey(key)) {
      errs.required(data.key(key));
    }
  }

  @Override
  protected void checkUpdate(Secret s, Secret old, FieldErrors errs) {
    if (!Objects.equals(s.getType(), old.getType())) {
      errs.invalid(FieldPath.root("type"), Lists.orEmpty(s.getType()), "field is immutable");
    }
    if (Boolean.TRUE.equals(old.getImmutable())) {
      if (!Boolean.TRUE.equals(s.getImmutable())) {
        errs.forbidden(FieldPath.root("immutable"), "field is immutable when `immutable` is set");
      }
      if (!Objects.equals(Lists.of(s.getData()), Lists.of(old.getData()))) {
        errs.forbidden(FieldPath.root("data"), "field is immutable when `immutable` is set");
      }
    }
  }
}
