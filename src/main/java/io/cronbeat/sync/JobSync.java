package io.cronbeat.sync;

import io.cronbeat.job.JobDefinition;
import io.cronbeat.store.ClusterLock;
import io.cronbeat.store.JobSpec;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.quartz.QuartzEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the store hold exactly the declared jobs, under the cluster's sync lock: new jobs get
 * a trigger, changed ones are updated (their trigger replaced only when the schedule itself
 * changed, so other edits keep the next fire time), removed and disabled ones lose theirs.
 */
public final class JobSync {

  private static final Logger log = LoggerFactory.getLogger(JobSync.class);

  private final JobTable jobs;
  private final QuartzEngine quartz;
  private final ClusterLock lock;

  public JobSync(JobTable jobs, QuartzEngine quartz, ClusterLock lock) {
    this.jobs = jobs;
    this.quartz = quartz;
    this.lock = lock;
  }

  public SyncPlan apply(List<JobDefinition> declared) {
    return lock.holding("sync", () -> {
      List<JobTable.StoredJob> before = jobs.all();
      Map<String, JobTable.StoredJob> previous = new HashMap<>();
      before.forEach(job -> previous.put(job.spec().name(), job));
      SyncPlan plan = SyncPlan.of(declared, before, jobs);
      for (JobSpec spec : plan.add()) {
        jobs.upsert(spec, plan.enabled().get(spec.name()));
        trigger(spec, plan.enabled().get(spec.name()), null);
        log.info("job={} added: {}", spec.name(), describe(spec, plan.enabled().get(spec.name())));
      }
      for (JobSpec spec : plan.change()) {
        jobs.upsert(spec, plan.enabled().get(spec.name()));
        trigger(spec, plan.enabled().get(spec.name()), previous.get(spec.name()));
        log.info("job={} changed: {}", spec.name(), describe(spec, plan.enabled().get(spec.name())));
      }
      for (String name : plan.remove()) {
        quartz.unschedule(name);
        jobs.delete(name);
        log.info("job={} removed: no longer declared", name);
      }
      // Triggers of jobs the store no longer knows (left by an interrupted sync) go too.
      Set<String> known = plan.enabled().keySet();
      quartz.scheduledJobs().stream().filter(name -> !known.contains(name)).forEach(quartz::unschedule);
      // A declared, enabled, scheduled job always has its trigger, whoever deleted it.
      for (JobDefinition job : declared) {
        if (job.enabled() && job.when().isPresent() && !quartz.isScheduled(job.name())) {
          JobSpec spec = JobSpec.of(job);
          quartz.schedule(spec.name(), spec.schedule(), spec.timezone());
        }
      }
      return plan;
    });
  }

  private void trigger(JobSpec spec, boolean enabled, JobTable.StoredJob previous) {
    if (!enabled || !spec.scheduled()) {
      quartz.unschedule(spec.name());
      return;
    }
    boolean sameTiming = previous != null && previous.enabled()
        && previous.scheduleFingerprint().equals(JobTable.scheduleFingerprint(spec)) && quartz.isScheduled(spec.name());
    if (!sameTiming) {
      quartz.schedule(spec.name(), spec.schedule(), spec.timezone());
    }
  }

  private static String describe(JobSpec spec, boolean enabled) {
    if (!enabled) {
      return "disabled (enabled: false), not scheduled";
    }
    return spec.scheduled() ? "schedule '" + spec.schedule() + "' in " + spec.timezone() : "no schedule, runs when triggered";
  }
}
