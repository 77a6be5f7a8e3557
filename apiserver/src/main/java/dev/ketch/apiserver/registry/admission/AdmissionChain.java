package dev.ketch.apiserver.registry.admission;

import dev.ketch.apiserver.registry.AdmissionPlugin;
import dev.ketch.apiserver.registry.AdmissionRequest;
import java.util.List;

/**
 * Admission plugins run in order: every plugin's {@link #admit} in list order, then, after
 * validation, every plugin's {@link #validate}. The first refusal stops the chain. Immutable and
 * thread-safe as its plugins are.
 */
public final class AdmissionChain implements AdmissionPlugin {

  private final List<AdmissionPlugin> plugins;

  public AdmissionChain(List<AdmissionPlugin> plugins) {
    this.plugins = List.copyOf(plugins);
  }

  public static AdmissionChain of(AdmissionPlugin... plugins) {
    return new AdmissionChain(List.of(plugins));
  }

  /**
   * The built-in plugins in kube-apiserver's order: NamespaceLifecycle, LimitRanger,
   * ServiceAccount, DefaultTolerationSeconds, Priority.
   */
  public static AdmissionChain standard() {
    return of(new NamespaceLifecycle(), new LimitRangerAdmission(), new ServiceAccountAdmission(),
        new DefaultTolerationSecondsAdmission(), new PriorityAdmission());
  }

  public List<AdmissionPlugin> plugins() {
    return plugins;
  }

  @Override
  public String name() {
    return "AdmissionChain";
  }

  @Override
  public void admit(AdmissionRequest request) {
    for (AdmissionPlugin p : plugins) {
      p.admit(request);
    }
  }

  @Override
  public void validate(AdmissionRequest request) {
    for (AdmissionPlugin p : plugins) {
      p.validate(request);
    }
  }
}
