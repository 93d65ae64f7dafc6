package io.cronbeat.sync;

import io.cronbeat.job.JobDefinition;
import io.cronbeat.run.JobSpec;
import io.cronbeat.store.ClusterLock;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.quartz.QuartzEngine.Timing;
import io.cronbeat.store.quartz.QuartzEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the store hold exactly the declared jobs, under the cluster's sync lock: new jobs get
 * a trigger, changed ones are updated (their trigger replaced only when the schedule itself
 * changed, so other edits keep the next fire time), removed and disabled ones lose theirs.
 *
 * <p>A set difference, not a walk: one read of {@code cb_jobs} and one of the triggers, then
 * batched writes. The triggers are compared with what the declared jobs want, not with what
 * {@code cb_jobs} says, so a sync interrupted halfway is finished by the next one.
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
      SyncPlan plan = SyncPlan.of(declared, jobs.digests(), jobs);
      Map<String, Timing> wanted = wantedTimings(declared);
      Map<String, Timing> held = quartz.timings();
      Set<String> unschedule = new TreeSet<>(held.keySet());
      unschedule.removeAll(wanted.keySet());
      Map<String, Timing> schedule = new TreeMap<>();
      wanted.forEach((job, timing) -> {
        if (!timing.equals(held.get(job))) {
          schedule.put(job, timing);
        }
      });
      // Triggers go before their rows and come after them, so a firing always finds its job.
      quartz.unscheduleAll(unschedule);
      jobs.save(declared(plan.add(), plan), declared(plan.change(), plan), plan.remove());
      quartz.scheduleAll(schedule, held.keySet());
      logChanges(plan);
      return plan;
    });
  }

  /** The timing of every declared job that should have a trigger: enabled and scheduled. */
  private static Map<String, Timing> wantedTimings(List<JobDefinition> declared) {
    Map<String, Timing> wanted = new HashMap<>();
    for (JobDefinition job : declared) {
      job.when().filter(when -> job.enabled())
          .ifPresent(when -> wanted.put(job.name(), new Timing(when.stored(), when.zone().getId())));
    }
    return wanted;
  }

  private static List<JobTable.Declared> declared(List<JobSpec> specs, SyncPlan plan) {
    return specs.stream().map(spec -> new JobTable.Declared(spec, plan.enabled().get(spec.name()))).toList();
  }

  private static void logChanges(SyncPlan plan) {
    plan.add().forEach(spec -> log.info("job={} added: {}", spec.name(), describe(spec, plan.enabled().get(spec.name()))));
    plan.change().forEach(spec -> log.info("job={} changed: {}", spec.name(), describe(spec, plan.enabled().get(spec.name()))));
    plan.remove().forEach(name -> log.info("job={} removed: no longer declared", name));
  }

  private static String describe(JobSpec spec, boolean enabled) {
    if (!enabled) {
      return "disabled (enabled: false), not scheduled";
    }
    String after = spec.after() == null ? "" : ", after " + spec.after().describe();
    return (spec.scheduled() ? "schedule '" + spec.schedule() + "' in " + spec.timezone()
        : spec.after() != null ? "no schedule" : "no schedule, runs when triggered") + after;
  }
}
