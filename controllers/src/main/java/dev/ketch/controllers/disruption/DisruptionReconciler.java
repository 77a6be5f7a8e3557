package dev.ketch.controllers.disruption;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Reconciler;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps a PodDisruptionBudget's status, as upstream's disruption controller: the pods it selects,
 * how many are healthy (ready, not being deleted, not recently evicted), how many must be
 * ({@code minAvailable}, or the controllers' replicas less {@code maxUnavailable}; percentages of
 * the controllers' replicas), and so how many disruptions are allowed now, with the
 * DisruptionAllowed condition the eviction API reads. Pods the eviction API marked as disrupted
 * count as gone for two minutes; after that they are dropped from the list. When the expected
 * count cannot be worked out, the budget allows no disruption (condition SyncFailed) and the key is
 * retried.
 *
 * <p>Thread-safe: called by several workers, never for the same key at once.
 */
public final class DisruptionReconciler implements Reconciler<ObjectKey> {

  /** How long a pod recorded as disrupted is expected to take to go (upstream's DeletionTimeout). */
  public static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);
  static final String CONDITION = "DisruptionAllowed";

  private final ObjectCache<PodDisruptionBudget> budgets;
  private final ResourceClient<PodDisruptionBudget> client;
  private final ObjectCache<Pod> pods;
  private final ExpectedScale scales;
  private final EventRecorder recorder;
  private final Clock clock;

  DisruptionReconciler(ObjectCache<PodDisruptionBudget> budgets, ResourceClient<PodDisruptionBudget> client, ObjectCache<Pod> pods,
      ExpectedScale scales, EventRecorder recorder, Clock clock) {
    this.budgets = budgets;
    this.client = client;
    this.pods = pods;
    this.scales = scales;
    this.recorder = recorder;
    this.clock = clock;
  }

  @Override
  public Result reconcile(ObjectKey key) throws Exception {
    PodDisruptionBudget pdb = budgets.get(key.namespace(), key.name());
    if (pdb == null) {
      return Result.done();
    }
    try {
      return sync(pdb);
    } catch (RuntimeException e) {
      if (ApiErrors.isConflict(e)) {
        throw e;
      }
      failSafe(pdb, ApiErrors.message(e));
      throw e;
    }
  }

  private Result sync(PodDisruptionBudget pdb) {
    List<Pod> selected = selectedPods(pdb);
    if (selected.isEmpty()) {
      recorder.event(pdb, EventType.NORMAL, "NoPods", "No matching pods found");
    }
    int expected;
    int desired;
    var spec = pdb.getSpec();
    if (spec.getMaxUnavailable() != null || (spec.getMinAvailable() != null && spec.getMinAvailable().getStrVal() != null)) {
      ExpectedScale.Result scale = scales.of(selected);
      if (!scale.unmanaged().isEmpty()) {
        recorder.event(pdb, EventType.WARNING, "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: "
            + Selector.of(spec.getSelector()) + ") were found to be unmanaged. As a result, the status of the PDB cannot be calculated "
            + "correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field "
            + "of the PDB to an integer value.");
      }
      if (scale.error() != null) {
        recorder.event(pdb, EventType.WARNING, "CalculateExpectedPodCountFailed", "Failed to calculate the number of expected pods: " + scale.error());
        throw new IllegalStateException(scale.error());
      }
      expected = scale.expected();
      if (spec.getMaxUnavailable() != null) {
        desired = Math.max(0, expected - scaled(spec.getMaxUnavailable(), expected));
      } else {
        desired = scaled(spec.getMinAvailable(), expected);
      }
    } else if (spec.getMinAvailable() != null) {
      desired = spec.getMinAvailable().getIntVal() == null ? 0 : spec.getMinAvailable().getIntVal();
      expected = selected.size();
    } else {
      desired = 0;
      expected = selected.size();
    }
    Instant now = clock.now();
    Instant[] recheck = new Instant[1];
    Map<String, String> disrupted = disruptedPods(selected, pdb, now, recheck);
    int healthy = 0;
    for (Pod p : selected) {
      if (p.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String at = disrupted.get(p.getMetadata().getName());
      Instant t = at == null ? null : Timestamps.parse(at);
      if (t != null && t.plus(DELETION_TIMEOUT).isAfter(now)) {
        continue;
      }
      if (Pods.isReady(p)) {
        healthy++;
      }
    }
    updateStatus(pdb, healthy, desired, expected, disrupted, now);
    if (recheck[0] != null) {
      return Result.requeueAfter(Duration.between(now, recheck[0]).plusMillis(1));
    }
    return Result.done();
  }

  private List<Pod> selectedPods(PodDisruptionBudget pdb) {
    Selector selector = Selector.of(pdb.getSpec().getSelector());
    return pods.list(pdb.getMetadata().getNamespace()).stream().filter(p -> selector.matches(p.getMetadata().getLabels())).toList();
  }

  private static int scaled(IntOrString v, int total) {
    if (v.getIntVal() != null) {
      return v.getIntVal();
    }
    String s = v.getStrVal().trim();
    if (!s.endsWith("%")) {
      throw new IllegalArgumentException("invalid value for IntOrString: " + s);
    }
    return (int) Math.ceil(Integer.parseInt(s.substring(0, s.length() - 1)) * (double) total / 100.0);
  }

  /** The recorded disruptions still in their timeout; the earliest timeout in {@code recheck}. */
  private Map<String, String> disruptedPods(List<Pod> selected, PodDisruptionBudget pdb, Instant now, Instant[] recheck) {
    Map<String, String> recorded = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptedPods();
    Map<String, String> result = new LinkedHashMap<>();
    if (recorded == null || recorded.isEmpty()) {
      return result;
    }
    for (Pod p : selected) {
      if (p.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String at = recorded.get(p.getMetadata().getName());
      Instant t = at == null ? null : Timestamps.parse(at);
      if (t == null) {
        continue;
      }
      Instant expectedDeletion = t.plus(DELETION_TIMEOUT);
      if (expectedDeletion.isBefore(now)) {
        recorder.event(p, EventType.WARNING, "NotDeleted", "Pod was expected by PDB " + pdb.getMetadata().getNamespace() + "/"
            + pdb.getMetadata().getName() + " to be deleted but it wasn't");
      } else {
        if (recheck[0] == null || expectedDeletion.isBefore(recheck[0])) {
          recheck[0] = expectedDeletion;
        }
        result.put(p.getMetadata().getName(), at);
      }
    }
    return result;
  }

  private void updateStatus(PodDisruptionBudget pdb, int healthy, int desired, int expected, Map<String, String> disrupted, Instant now) {
    int allowed = healthy - desired;
    if (expected <= 0 || allowed <= 0) {
      allowed = 0;
    }
    PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
    Long generation = pdb.getMetadata().getGeneration();
    List<Condition> conditions = withCondition(old.getConditions(), allowed > 0 ? "True" : "False",
        allowed > 0 ? "SufficientPods" : "InsufficientPods", "", generation, now);
    if (n(old.getCurrentHealthy()) == healthy && n(old.getDesiredHealthy()) == desired && n(old.getExpectedPods()) == expected
        && n(old.getDisruptionsAllowed()) == allowed && Objects.equals(orEmpty(old.getDisruptedPods()), disrupted)
        && Objects.equals(old.getObservedGeneration(), generation) && Objects.equals(old.getConditions(), conditions)) {
      return;
    }
    PodDisruptionBudgetStatus status = new PodDisruptionBudgetStatus(conditions, healthy, desired, disrupted.isEmpty() ? null : disrupted,
        allowed, expected, generation);
    client.updateStatus(new PodDisruptionBudgetBuilder(pdb).withStatus(status).build());
  }

  /** Allows no disruption, saying why, when the status could not be worked out. */
  private void failSafe(PodDisruptionBudget pdb, String message) {
    PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
    PodDisruptionBudget copy = new PodDisruptionBudgetBuilder(pdb).build();
    PodDisruptionBudgetStatus status = copy.getStatus() == null ? new PodDisruptionBudgetStatus() : copy.getStatus();
    status.setDisruptionsAllowed(0);
    status.setConditions(withCondition(old.getConditions(), "False", "SyncFailed", message, old.getObservedGeneration(), clock.now()));
    copy.setStatus(status);
    try {
      client.updateStatus(copy);
    } catch (RuntimeException e) {
      // The original failure is what gets retried; this write is attempted again with it.
    }
  }

  /** The conditions with DisruptionAllowed set, as apimachinery's SetStatusCondition. */
  static List<Condition> withCondition(List<Condition> conditions, String status, String reason, String message, Long generation, Instant now) {
    List<Condition> out = new ArrayList<>();
    Condition existing = null;
    if (conditions != null) {
      for (Condition c : conditions) {
        if (CONDITION.equals(c.getType())) {
          existing = c;
        } else {
          out.add(c);
        }
      }
    }
    String since = existing != null && status.equals(existing.getStatus()) ? existing.getLastTransitionTime() : Timestamps.format(now);
    out.add(new Condition(since, message, generation, reason, status, CONDITION));
    return out;
  }

  private static int n(Integer v) {
    return v == null ? 0 : v;
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
