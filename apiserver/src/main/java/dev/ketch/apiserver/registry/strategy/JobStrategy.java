package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Jobs (pkg/registry/batch/job): SetDefaults_Job (completions and parallelism 1 when both unset,
 * backoffLimit 6, NonIndexed, not suspended, podReplacementPolicy, manualSelector false, object
 * labels from the template); on create, unless manualSelector, the selector on {@code
 * batch.kubernetes.io/controller-uid} and the job-name and controller-uid labels on the template
 * (legacy and prefixed). Generation tracked; the template restarts OnFailure or Never; selector and
 * template are immutable (the template's scheduling directives may change while the job is
 * suspended and has never started).
 */
public final class JobStrategy extends ObjectStrategy<Job> {

  public static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  public static final String JOB_NAME = "batch.kubernetes.io/job-name";
  public static final String LEGACY_CONTROLLER_UID = "controller-uid";
  public static final String LEGACY_JOB_NAME = "job-name";

  public JobStrategy() {
    super(Job.class);
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  protected void defaults(Job job) {
    if (job.getSpec() == null) {
      job.setSpec(new JobSpec());
    }
    defaultSpec(job.getSpec());
    var labels = WorkloadValidation.templateLabels(job.getSpec().getTemplate());
    if (labels != null && Lists.of(job.getMetadata().getLabels()).isEmpty()) {
      job.getMetadata().setLabels(new LinkedHashMap<>(labels));
    }
    PodDefaults.template(job.getSpec().getTemplate());
  }

  static void defaultSpec(JobSpec spec) {
    if (spec.getCompletions() == null && spec.getParallelism() == null) {
      spec.setCompletions(1);
      spec.setParallelism(1);
    }
    if (spec.getParallelism() == null) {
      spec.setParallelism(1);
    }
    if (spec.getBackoffLimit() == null) {
      spec.setBackoffLimit(spec.getBackoffLimitPerIndex() != null ? Integer.MAX_VALUE : 6);
    }
    if (spec.getCompletionMode() == null) {
      spec.setCompletionMode("NonIndexed");
    }
    if (spec.getSuspend() == null) {
      spec.setSuspend(false);
    }
    if (spec.getPodReplacementPolicy() == null) {
      spec.setPodReplacementPolicy(spec.getPodFailurePolicy() != null ? "Failed" : "TerminatingOrFailed");
    }
    if (spec.getManualSelector() == null) {
      spec.setManualSelector(false);
    }
  }

  @Override
  protected void resetOnCreate(Job job) {
    super.resetOnCreate(job);
    if (!Boolean.TRUE.equals(job.getSpec().getManualSelector())) {
      generateSelector(job);
    }
  }

  private static void generateSelector(Job job) {
    String uid = Lists.orEmpty(job.getMetadata().getUid());
    String name = Lists.orEmpty(job.getMetadata().getName());
    PodTemplateSpec template = job.getSpec().getTemplate();
    if (template == null) {
      template = new PodTemplateSpec();
      job.getSpec().setTemplate(template);
    }
    if (template.getMetadata() == null) {
      template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    var labels = template.getMetadata().getLabels() == null
        ? new LinkedHashMap<String, String>() : new LinkedHashMap<>(template.getMetadata().getLabels());
    labels.putIfAbsent(LEGACY_JOB_NAME, name);
    labels.putIfAbsent(JOB_NAME, name);
    labels.putIfAbsent(LEGACY_CONTROLLER_UID, uid);
    labels.putIfAbsent(CONTROLLER_UID, uid);
    template.getMetadata().setLabels(labels);
    LabelSelector selector = job.getSpec().getSelector();
    if (selector == null) {
      selector = new LabelSelector();
      job.getSpec().setSelector(selector);
    }
    var matchLabels = selector.getMatchLabels() == null
        ? new LinkedHashMap<String, String>() : new LinkedHashMap<>(selector.getMatchLabels());
    matchLabels.putIfAbsent(CONTROLLER_UID, uid);
    selector.setMatchLabels(matchLabels);
  }

  @Override
  protected void check(Job job, FieldErrors errs) {
    FieldPath spec = FieldPath.root("spec");
    JobSpec s = job.getSpec();
    if (s.getSelector() == null) {
      errs.required(spec.child("selector"));
    } else {
      LabelSelectors.validate(s.getSelector(), spec.child("selector"), errs);
      WorkloadValidation.selectorMatchesTemplate(s.getSelector(), s.getTemplate(), spec.child("template"), errs);
      if (!Boolean.TRUE.equals(s.getManualSelector()) && job.getMetadata().getUid() != null) {
        String uid = job.getMetadata().getUid();
        if (!uid.equals(Lists.of(s.getSelector().getMatchLabels()).get(CONTROLLER_UID))) {
          errs.invalid(spec.child("selector"), s.getSelector(), "`selector` not auto-generated");
        }
      }
    }
    checkSpec(s, spec, errs);
  }

  /** validateJobSpec: what a Job and a CronJob's job template have in common. */
  static void checkSpec(JobSpec s, FieldPath spec, FieldErrors errs) {
    WorkloadValidation.nonNegative(s.getParallelism(), spec.child("parallelism"), errs);
    WorkloadValidation.nonNegative(s.getCompletions(), spec.child("completions"), errs);
    WorkloadValidation.nonNegative(s.getActiveDeadlineSeconds(), spec.child("activeDeadlineSeconds"), errs);
    WorkloadValidation.nonNegative(s.getBackoffLimit(), spec.child("backoffLimit"), errs);
    WorkloadValidation.nonNegative(s.getTtlSecondsAfterFinished(), spec.child("ttlSecondsAfterFinished"), errs);
    String mode = s.getCompletionMode();
    if (mode != null && !mode.equals("NonIndexed") && !mode.equals("Indexed")) {
      errs.notSupported(spec.child("completionMode"), mode, List.of("NonIndexed", "Indexed"));
    }
    if ("Indexed".equals(mode) && s.getCompletions() == null) {
      errs.required(spec.child("completions"), "when completion mode is Indexed");
    }
    String replacement = s.getPodReplacementPolicy();
    if (replacement != null && !replacement.equals("TerminatingOrFailed") && !replacement.equals("Failed")) {
      errs.notSupported(spec.child("podReplacementPolicy"), replacement, List.of("Failed", "TerminatingOrFailed"));
    }
    PodSpecValidation.template(s.getTemplate(), spec.child("template"), errs);
    if (s.getTemplate() != null && s.getTemplate().getSpec() != null) {
      String policy = Lists.orEmpty(s.getTemplate().getSpec().getRestartPolicy());
      if (!policy.equals("OnFailure") && !policy.equals("Never")) {
        errs.notSupported(spec.child("template", "spec", "restartPolicy"), policy, List.of("OnFailure", "Never"));
      }
    }
  }

  @Override
  protected void checkUpdate(Job job, Job old, FieldErrors errs) {
    FieldPath spec = FieldPath.root("spec");
    JobSpec s = job.getSpec();
    JobSpec o = old.getSpec();
    WorkloadValidation.immutable(s.getSelector(), o.getSelector(), s.getSelector(), spec.child("selector"), errs);
    WorkloadValidation.immutable(s.getCompletionMode(), o.getCompletionMode(), s.getCompletionMode(), spec.child("completionMode"), errs);
    WorkloadValidation.immutable(s.getManualSelector(), o.getManualSelector(), s.getManualSelector(), spec.child("manualSelector"), errs);
    WorkloadValidation.immutable(s.getPodFailurePolicy(), o.getPodFailurePolicy(), new GoFormat.Rendered("&batch.PodFailurePolicy{…}"),
        spec.child("podFailurePolicy"), errs);
    if (!"Indexed".equals(s.getCompletionMode()) || !WorkloadValidation.equal(s.getCompletions(), s.getParallelism())) {
      WorkloadValidation.immutable(s.getCompletions(), o.getCompletions(), s.getCompletions(), spec.child("completions"), errs);
    }
    boolean suspendedNeverStarted = Boolean.TRUE.equals(o.getSuspend())
        && (old.getStatus() == null || old.getStatus().getStartTime() == null);
    PodTemplateSpec now = Parts.deepCopy(s.getTemplate());
    PodTemplateSpec before = o.getTemplate();
    if (suspendedNeverStarted && now != null && before != null && now.getSpec() != null && before.getSpec() != null) {
      // Scheduling directives of a job that never ran may still be adjusted.
      now.getSpec().setNodeSelector(before.getSpec().getNodeSelector());
      now.getSpec().setAffinity(before.getSpec().getAffinity());
      now.getSpec().setTolerations(before.getSpec().getTolerations());
      now.getSpec().setSchedulingGates(before.getSpec().getSchedulingGates());
      if (now.getMetadata() != null && before.getMetadata() != null) {
        now.getMetadata().setLabels(before.getMetadata().getLabels());
        now.getMetadata().setAnnotations(before.getMetadata().getAnnotations());
      }
    }
    WorkloadValidation.immutable(now, before, new GoFormat.Rendered("core.PodTemplateSpec{…}"), spec.child("template"), errs);
  }

  @Override
  protected void checkStatusUpdate(Job job, Job old, FieldErrors errs) {
    var st = job.getStatus();
    if (st == null) {
      return;
    }
    FieldPath status = FieldPath.root("status");
    WorkloadValidation.nonNegative(st.getActive(), status.child("active"), errs);
    WorkloadValidation.nonNegative(st.getSucceeded(), status.child("succeeded"), errs);
    WorkloadValidation.nonNegative(st.getFailed(), status.child("failed"), errs);
  }

  @Override
  protected List<String> warningsFor(Job job) {
    String name = Lists.orEmpty(job.getMetadata().getName());
    List<String> msgs = dev.ketch.apiserver.validation.Names.dns1123Label(name);
    if (name.isEmpty() || msgs.isEmpty()) {
      return List.of();
    }
    return List.of("metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; "
        + "a DNS label is recommended: [" + String.join(" ", msgs) + "]");
  }
}
