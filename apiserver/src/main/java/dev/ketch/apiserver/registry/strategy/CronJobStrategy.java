package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import java.util.List;

/**
 * CronJobs (pkg/registry/batch/cronjob): concurrencyPolicy Allow, not suspended, history limits 3
 * and 1, pod template defaults in the job template (the job spec itself is not defaulted, as
 * upstream); generation tracked; names of at most 52 characters; a five-field schedule; the job
 * template validated as a job spec without selector.
 */
public final class CronJobStrategy extends ObjectStrategy<CronJob> {

  static final int MAX_NAME = 52;

  public CronJobStrategy() {
    super(CronJob.class);
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  protected void defaults(CronJob cj) {
    if (cj.getSpec() == null) {
      cj.setSpec(new CronJobSpec());
    }
    CronJobSpec spec = cj.getSpec();
    if (Lists.isEmpty(spec.getConcurrencyPolicy())) {
      spec.setConcurrencyPolicy("Allow");
    }
    if (spec.getSuspend() == null) {
      spec.setSuspend(false);
    }
    if (spec.getSuccessfulJobsHistoryLimit() == null) {
      spec.setSuccessfulJobsHistoryLimit(3);
    }
    if (spec.getFailedJobsHistoryLimit() == null) {
      spec.setFailedJobsHistoryLimit(1);
    }
    if (spec.getJobTemplate() != null && spec.getJobTemplate().getSpec() != null) {
      PodDefaults.template(spec.getJobTemplate().getSpec().getTemplate());
    }
  }

  @Override
  protected void check(CronJob cj, FieldErrors errs) {
    String name = cj.getMetadata().getName();
    if (name != null && name.length() > MAX_NAME) {
      errs.invalid(FieldPath.root("metadata").child("name"), name, "must be no more than 52 characters");
    }
    FieldPath spec = FieldPath.root("spec");
    CronJobSpec s = cj.getSpec();
    if (Lists.isEmpty(s.getSchedule())) {
      errs.required(spec.child("schedule"));
    } else {
      String problem = CronSchedule.problem(s.getSchedule());
      if (problem != null) {
        errs.invalid(spec.child("schedule"), s.getSchedule(), problem);
      }
    }
    String policy = Lists.orEmpty(s.getConcurrencyPolicy());
    if (policy.isEmpty()) {
      errs.required(spec.child("concurrencyPolicy"));
    } else if (!List.of("Allow", "Forbid", "Replace").contains(policy)) {
      errs.notSupported(spec.child("concurrencyPolicy"), policy, List.of("Allow", "Forbid", "Replace"));
    }
    WorkloadValidation.nonNegative(s.getStartingDeadlineSeconds(), spec.child("startingDeadlineSeconds"), errs);
    WorkloadValidation.nonNegative(s.getSuccessfulJobsHistoryLimit(), spec.child("successfulJobsHistoryLimit"), errs);
    WorkloadValidation.nonNegative(s.getFailedJobsHistoryLimit(), spec.child("failedJobsHistoryLimit"), errs);
    FieldPath template = spec.child("jobTemplate");
    if (s.getJobTemplate() == null || s.getJobTemplate().getSpec() == null) {
      errs.required(template.child("spec", "template"));
      return;
    }
    var jobSpec = s.getJobTemplate().getSpec();
    if (jobSpec.getSelector() != null) {
      errs.invalid(template.child("spec", "selector"), jobSpec.getSelector(), "`selector` will be auto-generated");
    }
    if (Boolean.TRUE.equals(jobSpec.getManualSelector())) {
      errs.notSupported(template.child("spec", "manualSelector"), true, List.of("nil", "false"));
    }
    JobStrategy.checkSpec(jobSpec, template.child("spec"), errs);
  }

  @Override
  protected void checkStatusUpdate(CronJob cj, CronJob old, FieldErrors errs) {}
}
