package dev.ketch.apiserver.table;

import static dev.ketch.apiserver.table.Cells.count;
import static dev.ketch.apiserver.table.Cells.list;
import static dev.ketch.apiserver.table.Cells.str;

import dev.ketch.apiserver.selection.LabelSelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Workload controllers as upstream prints them. Replica counts the API server always defaults
 * ({@code spec.replicas} to 1, a CronJob's {@code suspend} to false) read as their defaults when
 * absent, so an object stored without defaulting prints as kube-apiserver would print it.
 */
final class WorkloadPrinters {

  private WorkloadPrinters() {}

  // ---- apps/v1 Deployment

  static final List<Column> DEPLOYMENT_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Ready", "Number of the pod with ready state"),
      Columns.string("Up-to-date", Columns.doc("extensions.v1beta1.DeploymentStatus.updatedReplicas")),
      Columns.string("Available", Columns.doc("extensions.v1beta1.DeploymentStatus.availableReplicas")),
      Columns.AGE,
      Columns.CONTAINERS,
      Columns.IMAGES,
      Columns.wide("Selector", Columns.doc("extensions.v1beta1.DeploymentSpec.selector")));

  static final RowPrinter<Deployment> DEPLOYMENT = (d, now) -> {
    var spec = d.getSpec();
    var status = d.getStatus();
    String selector;
    try {
      selector = LabelSelector.fromModel(spec == null ? null : spec.getSelector()).toString();
    } catch (IllegalArgumentException e) {
      selector = "<invalid>";
    }
    List<Object> cells = new ArrayList<>();
    cells.add(name(d.getMetadata()));
    cells.add(count(status == null ? null : status.getReadyReplicas()) + "/" + replicas(spec == null ? null : spec.getReplicas()));
    cells.add(count(status == null ? null : status.getUpdatedReplicas()));
    cells.add(count(status == null ? null : status.getAvailableReplicas()));
    cells.add(Cells.age(created(d.getMetadata()), now));
    cells.addAll(Cells.containers(containers(spec == null ? null : spec.getTemplate())));
    cells.add(selector);
    return cells;
  };

  // ---- apps/v1 ReplicaSet and v1 ReplicationController

  static final List<Column> REPLICA_SET_COLUMNS = List.of(
      Columns.NAME,
      Columns.integer("Desired", Columns.doc("extensions.v1beta1.ReplicaSetSpec.replicas")),
      Columns.integer("Current", Columns.doc("extensions.v1beta1.ReplicaSetStatus.replicas")),
      Columns.integer("Ready", Columns.doc("extensions.v1beta1.ReplicaSetStatus.readyReplicas")),
      Columns.AGE,
      Columns.CONTAINERS,
      Columns.IMAGES,
      Columns.wide("Selector", Columns.doc("extensions.v1beta1.ReplicaSetSpec.selector")));

  static final RowPrinter<ReplicaSet> REPLICA_SET = (rs, now) -> {
    var spec = rs.getSpec();
    var status = rs.getStatus();
    List<Object> cells = new ArrayList<>();
    cells.add(name(rs.getMetadata()));
    cells.add(replicas(spec == null ? null : spec.getReplicas()));
    cells.add(count(status == null ? null : status.getReplicas()));
    cells.add(count(status == null ? null : status.getReadyReplicas()));
    cells.add(Cells.age(created(rs.getMetadata()), now));
    cells.addAll(Cells.containers(containers(spec == null ? null : spec.getTemplate())));
    cells.add(Cells.labelSelector(spec == null ? null : spec.getSelector()));
    return cells;
  };

  static final List<Column> REPLICATION_CONTROLLER_COLUMNS = List.of(
      Columns.NAME,
      Columns.integer("Desired", Columns.doc("core.v1.ReplicationControllerSpec.replicas")),
      Columns.integer("Current", Columns.doc("core.v1.ReplicationControllerStatus.replicas")),
      Columns.integer("Ready", Columns.doc("core.v1.ReplicationControllerStatus.readyReplicas")),
      Columns.AGE,
      Columns.CONTAINERS,
      Columns.IMAGES,
      Columns.wide("Selector", Columns.doc("core.v1.ReplicationControllerSpec.selector")));

  static final RowPrinter<ReplicationController> REPLICATION_CONTROLLER = (rc, now) -> {
    var spec = rc.getSpec();
    var status = rc.getStatus();
    List<Object> cells = new ArrayList<>();
    cells.add(name(rc.getMetadata()));
    cells.add(replicas(spec == null ? null : spec.getReplicas()));
    cells.add(count(status == null ? null : status.getReplicas()));
    cells.add(count(status == null ? null : status.getReadyReplicas()));
    cells.add(Cells.age(created(rc.getMetadata()), now));
    cells.addAll(Cells.containers(containers(spec == null ? null : spec.getTemplate())));
    cells.add(Cells.labels(spec == null ? null : spec.getSelector()));
    return cells;
  };

  // ---- apps/v1 StatefulSet and DaemonSet

  static final List<Column> STATEFUL_SET_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Ready", "Number of the pod with ready state"),
      Columns.AGE,
      Columns.CONTAINERS,
      Columns.IMAGES);

  static final RowPrinter<StatefulSet> STATEFUL_SET = (s, now) -> {
    var spec = s.getSpec();
    List<Object> cells = new ArrayList<>();
    cells.add(name(s.getMetadata()));
    cells.add(count(s.getStatus() == null ? null : s.getStatus().getReadyReplicas()) + "/"
        + replicas(spec == null ? null : spec.getReplicas()));
    cells.add(Cells.age(created(s.getMetadata()), now));
    cells.addAll(Cells.containers(containers(spec == null ? null : spec.getTemplate())));
    return cells;
  };

  static final List<Column> DAEMON_SET_COLUMNS = List.of(
      Columns.NAME,
      Columns.integer("Desired", Columns.doc("extensions.v1beta1.DaemonSetStatus.desiredNumberScheduled")),
      Columns.integer("Current", Columns.doc("extensions.v1beta1.DaemonSetStatus.currentNumberScheduled")),
      Columns.integer("Ready", Columns.doc("extensions.v1beta1.DaemonSetStatus.numberReady")),
      Columns.integer("Up-to-date", Columns.doc("extensions.v1beta1.DaemonSetStatus.updatedNumberScheduled")),
      Columns.integer("Available", Columns.doc("extensions.v1beta1.DaemonSetStatus.numberAvailable")),
      Columns.string("Node Selector", Columns.doc("core.v1.PodSpec.nodeSelector")),
      Columns.AGE,
      Columns.CONTAINERS,
      Columns.IMAGES,
      Columns.wide("Selector", Columns.doc("extensions.v1beta1.DaemonSetSpec.selector")));

  static final RowPrinter<DaemonSet> DAEMON_SET = (ds, now) -> {
    var spec = ds.getSpec();
    var status = ds.getStatus();
    PodTemplateSpec template = spec == null ? null : spec.getTemplate();
    PodSpec podSpec = template == null ? null : template.getSpec();
    List<Object> cells = new ArrayList<>();
    cells.add(name(ds.getMetadata()));
    cells.add(count(status == null ? null : status.getDesiredNumberScheduled()));
    cells.add(count(status == null ? null : status.getCurrentNumberScheduled()));
    cells.add(count(status == null ? null : status.getNumberReady()));
    cells.add(count(status == null ? null : status.getUpdatedNumberScheduled()));
    cells.add(count(status == null ? null : status.getNumberAvailable()));
    cells.add(Cells.labels(podSpec == null ? null : podSpec.getNodeSelector()));
    cells.add(Cells.age(created(ds.getMetadata()), now));
    cells.addAll(Cells.containers(containers(template)));
    cells.add(Cells.labelSelector(spec == null ? null : spec.getSelector()));
    return cells;
  };

  // ---- batch/v1 Job and CronJob

  static final List<Column> JOB_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Status", "Status of the job."),
      Columns.string("Completions", Columns.doc("batch.v1.JobStatus.succeeded")),
      Columns.string("Duration", "Time required to complete the job."),
      Columns.AGE,
      Columns.CONTAINERS,
      Columns.IMAGES,
      Columns.wide("Selector", Columns.doc("batch.v1.JobSpec.selector")));

  static final RowPrinter<Job> JOB = (job, now) -> {
    var spec = job.getSpec();
    var status = job.getStatus();
    long succeeded = count(status == null ? null : status.getSucceeded());
    String completions;
    if (spec != null && spec.getCompletions() != null) {
      completions = succeeded + "/" + spec.getCompletions();
    } else {
      long parallelism = count(spec == null ? null : spec.getParallelism());
      completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }
    Instant start = status == null ? null : Cells.time(status.getStartTime());
    Instant completion = status == null ? null : Cells.time(status.getCompletionTime());
    String duration = start == null ? "" : HumanDuration.since(start, completion == null ? now : completion);
    List<JobCondition> conditions = status == null ? List.of() : list(status.getConditions());
    String state;
    if (hasJobCondition(conditions, "Complete")) {
      state = "Complete";
    } else if (hasJobCondition(conditions, "Failed")) {
      state = "Failed";
    } else if (job.getMetadata() != null && job.getMetadata().getDeletionTimestamp() != null) {
      state = "Terminating";
    } else if (hasJobCondition(conditions, "Suspended")) {
      state = "Suspended";
    } else if (hasJobCondition(conditions, "FailureTarget")) {
      state = "FailureTarget";
    } else {
      state = "Running";
    }
    List<Object> cells = new ArrayList<>();
    cells.add(name(job.getMetadata()));
    cells.add(state);
    cells.add(completions);
    cells.add(duration);
    cells.add(Cells.age(created(job.getMetadata()), now));
    cells.addAll(Cells.containers(containers(spec == null ? null : spec.getTemplate())));
    cells.add(Cells.labelSelector(spec == null ? null : spec.getSelector()));
    return cells;
  };

  /** The first condition of the type decides, as upstream's {@code hasJobCondition}. */
  private static boolean hasJobCondition(List<JobCondition> conditions, String type) {
    for (JobCondition c : conditions) {
      if (type.equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  static final List<Column> CRON_JOB_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Schedule", Columns.doc("batch.v1beta1.CronJobSpec.schedule")),
      Columns.string("Timezone", Columns.doc("batch.v1beta1.CronJobSpec.timeZone")),
      Columns.bool("Suspend", Columns.doc("batch.v1beta1.CronJobSpec.suspend")),
      Columns.integer("Active", Columns.doc("batch.v1beta1.CronJobStatus.active")),
      Columns.string("Last Schedule", Columns.doc("batch.v1beta1.CronJobStatus.lastScheduleTime")),
      Columns.AGE,
      Columns.CONTAINERS,
      Columns.IMAGES,
      Columns.wide("Selector", Columns.doc("batch.v1.JobSpec.selector")));

  static final RowPrinter<CronJob> CRON_JOB = (cj, now) -> {
    var spec = cj.getSpec();
    var status = cj.getStatus();
    String lastSchedule = "<none>";
    if (status != null && status.getLastScheduleTime() != null) {
      lastSchedule = Cells.age(status.getLastScheduleTime(), now);
    }
    var jobSpec = spec == null || spec.getJobTemplate() == null ? null : spec.getJobTemplate().getSpec();
    List<Object> cells = new ArrayList<>();
    cells.add(name(cj.getMetadata()));
    cells.add(str(spec == null ? null : spec.getSchedule()));
    cells.add(spec == null || spec.getTimeZone() == null ? "<none>" : spec.getTimeZone());
    // Upstream prints the (defaulted) boolean as text: True or False.
    cells.add(spec != null && Boolean.TRUE.equals(spec.getSuspend()) ? "True" : "False");
    cells.add((long) (status == null ? 0 : list(status.getActive()).size()));
    cells.add(lastSchedule);
    cells.add(Cells.age(created(cj.getMetadata()), now));
    cells.addAll(Cells.containers(containers(jobSpec == null ? null : jobSpec.getTemplate())));
    cells.add(Cells.labelSelector(jobSpec == null ? null : jobSpec.getSelector()));
    return cells;
  };

  // ---- apps/v1 ControllerRevision and policy/v1 PodDisruptionBudget

  static final List<Column> CONTROLLER_REVISION_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Controller", "Controller of the object"),
      Columns.string("Revision", Columns.doc("apps.v1beta1.ControllerRevision.revision")),
      Columns.AGE);

  static final RowPrinter<ControllerRevision> CONTROLLER_REVISION = (cr, now) -> {
    String controller = "<none>";
    for (OwnerReference ref : cr.getMetadata() == null ? List.<OwnerReference>of() : list(cr.getMetadata().getOwnerReferences())) {
      if (Boolean.TRUE.equals(ref.getController())) {
        String apiVersion = str(ref.getApiVersion());
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String kind = str(ref.getKind());
        String groupKind = group.isEmpty() ? kind : kind + "." + group;
        controller = groupKind.isEmpty() ? str(ref.getName()) : groupKind.toLowerCase(Locale.ROOT) + "/" + str(ref.getName());
        break;
      }
    }
    return List.of(name(cr.getMetadata()), controller, cr.getRevision() == null ? 0L : cr.getRevision(),
        Cells.age(created(cr.getMetadata()), now));
  };

  static final List<Column> POD_DISRUPTION_BUDGET_COLUMNS = List.of(
      Columns.NAME,
      Columns.string("Min Available", "The minimum number of pods that must be available."),
      Columns.string("Max Unavailable", "The maximum number of pods that may be unavailable."),
      Columns.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
      Columns.AGE);

  static final RowPrinter<PodDisruptionBudget> POD_DISRUPTION_BUDGET = (pdb, now) -> {
    var spec = pdb.getSpec();
    return List.of(
        name(pdb.getMetadata()),
        intOrString(spec == null ? null : spec.getMinAvailable()),
        intOrString(spec == null ? null : spec.getMaxUnavailable()),
        count(pdb.getStatus() == null ? null : pdb.getStatus().getDisruptionsAllowed()),
        Cells.age(created(pdb.getMetadata()), now));
  };

  private static String intOrString(IntOrString v) {
    if (v == null) {
      return "N/A";
    }
    return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : str(v.getStrVal());
  }

  // ---- shared

  /** {@code spec.replicas}, which the API server defaults to 1. */
  static long replicas(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }

  static List<Container> containers(PodTemplateSpec template) {
    return template == null || template.getSpec() == null ? List.of() : template.getSpec().getContainers();
  }

  static String name(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    return meta == null ? "" : str(meta.getName());
  }

  static String created(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    return meta == null ? null : meta.getCreationTimestamp();
  }
}
