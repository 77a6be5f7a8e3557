package dev.ketch.apiserver.registry.admission;

import dev.ketch.apiserver.registry.AdmissionPlugin;
import dev.ketch.apiserver.registry.AdmissionRequest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The DefaultTolerationSeconds plugin: a new pod that does not already tolerate the {@code
 * node.kubernetes.io/not-ready} or {@code node.kubernetes.io/unreachable} NoExecute taints gets a
 * toleration for each, for 300 seconds by default, so its pods are evicted five minutes after
 * their node fails.
 */
public final class DefaultTolerationSecondsAdmission implements AdmissionPlugin {

  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  public static final long DEFAULT_SECONDS = 300;

  private final long notReadySeconds;
  private final long unreachableSeconds;

  public DefaultTolerationSecondsAdmission() {
    this(DEFAULT_SECONDS, DEFAULT_SECONDS);
  }

  public DefaultTolerationSecondsAdmission(long notReadySeconds, long unreachableSeconds) {
    this.notReadySeconds = notReadySeconds;
    this.unreachableSeconds = unreachableSeconds;
  }

  @Override
  public String name() {
    return "DefaultTolerationSeconds";
  }

  @Override
  public void admit(AdmissionRequest r) {
    Pod pod = Admissions.podCreate(r);
    if (pod == null || pod.getSpec() == null) {
      return;
    }
    List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? new ArrayList<>() : new ArrayList<>(pod.getSpec().getTolerations());
    boolean notReady = false;
    boolean unreachable = false;
    for (Toleration t : tolerations) {
      String key = t.getKey() == null ? "" : t.getKey();
      String effect = t.getEffect() == null ? "" : t.getEffect();
      boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
      notReady |= (key.equals(NOT_READY) || key.isEmpty()) && noExecute;
      unreachable |= (key.equals(UNREACHABLE) || key.isEmpty()) && noExecute;
    }
    if (!notReady) {
      tolerations.add(toleration(NOT_READY, notReadySeconds));
    }
    if (!unreachable) {
      tolerations.add(toleration(UNREACHABLE, unreachableSeconds));
    }
    pod.getSpec().setTolerations(tolerations);
  }

  private static Toleration toleration(String key, long seconds) {
    return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(seconds).build();
  }
}
