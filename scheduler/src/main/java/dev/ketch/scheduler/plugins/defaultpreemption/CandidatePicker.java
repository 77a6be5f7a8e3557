package dev.ketch.scheduler.plugins.defaultpreemption;

import dev.ketch.scheduler.framework.PodInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Picks the node to preempt on, as upstream's {@code pickOneNodeForPreemption}, by these criteria
 * in turn until one node is left: fewest PodDisruptionBudget violations; lowest highest victim
 * priority; lowest sum of victim priorities; fewest victims; latest start among the highest
 * priority victims; else the first candidate.
 */
final class CandidatePicker {

  private CandidatePicker() {}

  static Candidate pick(List<Candidate> candidates, Instant now) {
    if (candidates.isEmpty()) {
      return null;
    }
    List<ToLongFunction<Candidate>> criteria = List.of(
        c -> -c.pdbViolations(),
        c -> -(long) c.victims().getFirst().priority(),
        c -> -c.victims().stream().mapToLong(p -> (long) p.priority() + Integer.MAX_VALUE + 1L).sum(),
        c -> -c.victims().size(),
        c -> earliestStartOfHighestPriority(c.victims(), now));
    List<Candidate> remaining = candidates;
    for (ToLongFunction<Candidate> f : criteria) {
      long best = Long.MIN_VALUE;
      List<Candidate> selected = new ArrayList<>();
      for (Candidate c : remaining) {
        long score = f.applyAsLong(c);
        if (score > best) {
          best = score;
          selected.clear();
        }
        if (score == best) {
          selected.add(c);
        }
      }
      if (selected.size() == 1) {
        return selected.getFirst();
      }
      remaining = selected;
    }
    return remaining.getFirst();
  }

  /** The earliest start time (epoch nanos) among the victims of the highest priority. */
  private static long earliestStartOfHighestPriority(List<PodInfo> victims, Instant now) {
    int top = victims.stream().mapToInt(PodInfo::priority).max().orElse(0);
    Instant earliest = null;
    for (PodInfo p : victims) {
      if (p.priority() == top) {
        Instant s = Importance.startTime(p, now);
        if (earliest == null || s.isBefore(earliest)) {
          earliest = s;
        }
      }
    }
    return earliest == null ? Long.MIN_VALUE : earliest.getEpochSecond() * 1_000_000_000L + earliest.getNano();
  }
}
