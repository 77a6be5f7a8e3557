package dev.ketch.apiserver.registry;

import java.util.List;

/** The admission plugins in the order they run. Immutable; thread-safe when its plugins are. */
public record Admission(List<AdmissionPlugin> plugins) {

  public Admission {
    plugins = List.copyOf(plugins);
  }

  public static Admission none() {
    return new Admission(List.of());
  }

  void admit(AdmissionRequest request) {
    for (AdmissionPlugin p : plugins) {
      p.admit(request);
    }
  }

  void validate(AdmissionRequest request) {
    for (AdmissionPlugin p : plugins) {
      p.validate(request);
    }
  }
}
