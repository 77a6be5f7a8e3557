package dev.ketch.controllers.job;

import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Facts about a Job's pods (upstream's job utils and indexed_job_utils). */
final class JobPods {

  /** Holds a finished pod until the Job has counted it. */
  static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
  static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
  static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
  static final int UNKNOWN_INDEX = -1;

  private JobPods() {}

  static boolean hasTrackingFinalizer(Pod pod) {
    return pod.getMetadata().getFinalizers() != null && pod.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
  }

  static boolean isIndexed(Job job) {
    return "Indexed".equals(job.getSpec().getCompletionMode());
  }

  static boolean suspended(Job job) {
    return Boolean.TRUE.equals(job.getSpec().getSuspend());
  }

  /** podReplacementPolicy Failed: a pod is replaced only once it has failed, not while terminating. */
  static boolean onlyReplaceFailed(Job job) {
    return "Failed".equals(job.getSpec().getPodReplacementPolicy());
  }

  /**
   * isPodFailed: Failed, or (unless only failed pods are replaced) being deleted without having
   * succeeded, so that pods removed before they could fail still count.
   */
  static boolean isFailed(Pod pod, Job job) {
    if (Pods.FAILED.equals(Pods.phase(pod))) {
      return true;
    }
    if (onlyReplaceFailed(job)) {
      return false;
    }
    return Pods.isTerminating(pod) && !Pods.SUCCEEDED.equals(Pods.phase(pod));
  }

  /** Being deleted but not yet terminal (CountTerminatingPods). */
  static boolean isTerminatingNotTerminal(Pod pod) {
    return Pods.isTerminating(pod) && !Pods.isTerminal(pod);
  }

  /** The completion index from the pod's annotation, or {@link #UNKNOWN_INDEX}. */
  static int completionIndex(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String v = annotations == null ? null : annotations.get(COMPLETION_INDEX);
    if (v == null) {
      return UNKNOWN_INDEX;
    }
    try {
      int i = Integer.parseInt(v);
      return i < 0 ? UNKNOWN_INDEX : i;
    } catch (NumberFormatException e) {
      return UNKNOWN_INDEX;
    }
  }

  /** Adds JOB_COMPLETION_INDEX, from the index annotation, to every container that lacks it. */
  static void addIndexEnv(PodTemplateSpec template) {
    List<List<Container>> lists = new ArrayList<>();
    lists.add(template.getSpec().getContainers());
    if (template.getSpec().getInitContainers() != null) {
      lists.add(template.getSpec().getInitContainers());
    }
    for (List<Container> containers : lists) {
      for (Container c : containers) {
        List<EnvVar> env = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
        if (env.stream().noneMatch(e -> INDEX_ENV.equals(e.getName()))) {
          env.add(new EnvVarBuilder().withName(INDEX_ENV).withNewValueFrom().withNewFieldRef()
              .withFieldPath("metadata.annotations['" + COMPLETION_INDEX + "']").endFieldRef().endValueFrom().build());
          c.setEnv(env);
        }
      }
    }
  }

  /**
   * When a pod finished (getFinishedTime): the last container termination, else when its Ready
   * condition went False, else its deletion time, else its creation.
   */
  static Instant finishedAt(Pod pod) {
    Instant latest = null;
    boolean allTerminated = true;
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null && !pod.getStatus().getContainerStatuses().isEmpty()) {
      for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
        if (s.getState() == null || s.getState().getTerminated() == null) {
          allTerminated = false;
          break;
        }
        Instant t = Timestamps.parse(s.getState().getTerminated().getFinishedAt());
        if (t != null && (latest == null || t.isAfter(latest))) {
          latest = t;
        }
      }
      if (allTerminated && latest != null) {
        return latest;
      }
    }
    PodCondition ready = Pods.condition(pod, "Ready");
    if (ready != null && "False".equals(ready.getStatus()) && Timestamps.parse(ready.getLastTransitionTime()) != null) {
      return Timestamps.parse(ready.getLastTransitionTime());
    }
    Instant deleted = Timestamps.parse(pod.getMetadata().getDeletionTimestamp());
    if (deleted != null) {
      Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
      return grace == null ? deleted : deleted.minusSeconds(grace);
    }
    Instant created = Timestamps.parse(pod.getMetadata().getCreationTimestamp());
    return created == null ? Instant.EPOCH : created;
  }
}
