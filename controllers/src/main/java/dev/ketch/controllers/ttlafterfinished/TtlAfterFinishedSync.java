package dev.ketch.controllers.ttlafterfinished;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.Deletion;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes finished Jobs whose {@code ttlSecondsAfterFinished} has passed (upstream's
 * ttlafterfinished controller): the time runs from the Complete or Failed condition's transition;
 * before deleting, the Job is read again from the API in case its TTL changed; the deletion is
 * in the foreground (its pods first) and only of that uid.
 */
final class TtlAfterFinishedSync {

  private final ObjectCache<Job> jobs;
  private final ResourceClient<Job> client;
  private final Clock clock;

  TtlAfterFinishedSync(Cluster cluster, Clock clock) {
    this.jobs = cluster.lister(Job.class);
    this.client = cluster.client(Job.class);
    this.clock = clock;
  }

  /** Whether the Job has a TTL and has finished. */
  static boolean needsCleanup(Job job) {
    return job.getSpec() != null && job.getSpec().getTtlSecondsAfterFinished() != null && finishedAt(job) != null;
  }

  /** When the Job's Complete or Failed condition became True, or null. */
  static Instant finishedAt(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
        return Timestamps.parse(c.getLastTransitionTime());
      }
    }
    return null;
  }

  /** How long until the Job expires; zero or negative once it has. */
  private Duration untilExpiry(Job job) {
    Instant expires = finishedAt(job).plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
    return Duration.between(clock.now(), expires);
  }

  Result sync(ObjectKey key) {
    Job cached = jobs.get(key.namespace(), key.name());
    if (cached == null || cached.getMetadata().getDeletionTimestamp() != null || !needsCleanup(cached)) {
      return Result.done();
    }
    Duration left = untilExpiry(cached);
    if (left.isPositive()) {
      return Result.requeueAfter(left);
    }
    // The cache may be stale: check the TTL on the Job as it is now.
    Job fresh = client.get(key.namespace(), key.name());
    if (fresh == null || fresh.getMetadata().getDeletionTimestamp() != null || !needsCleanup(fresh)) {
      return Result.done();
    }
    left = untilExpiry(fresh);
    if (left.isPositive()) {
      return Result.requeueAfter(left);
    }
    client.delete(key.namespace(), key.name(), Deletion.ofUid(fresh.getMetadata().getUid()).withPropagation("Foreground"));
    return Result.done();
  }
}
