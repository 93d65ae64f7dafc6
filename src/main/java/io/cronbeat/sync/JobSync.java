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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    return apply(declared, SyncPlan.declare(declared));
  }

  /** {@link #apply(List)} with the rows {@link SyncPlan#declare} made of {@code declared} already. */
  public SyncPlan apply(List<JobDefinition> declared, List<JobTable.Declared> rows) {
    return lock.holding("sync", () -> {
      // Quartz's triggers are read on a connection of their own while cb_jobs is read and compared:
      // two reads of every job, neither of which needs the other.
      CompletableFuture<Map<String, Timing>> triggers = CompletableFuture.supplyAsync(quartz::timings, JobSync::aside);
      SyncPlan plan = SyncPlan.of(rows, jobs.digests());
      Map<String, Timing> wanted = wantedTimings(declared);
      Map<String, Timing> held = await(triggers);
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
      jobs.save(plan.added(), plan.changed(), plan.remove());
      quartz.scheduleAll(schedule, held.keySet());
      logChanges(plan);
      return plan;
    });
  }

  private static void aside(Runnable task) {
    Thread thread = new Thread(task, "cronbeat-sync-read");
    thread.setDaemon(true);
    thread.start();
  }

  private static <T> T await(CompletableFuture<T> result) {
    try {
      return result.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
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

  private static void logChanges(SyncPlan plan) {
    plan.added().forEach(job -> log.info("job={} added: {}", job.name(), describe(job.spec(), job.enabled())));
    plan.changed().forEach(job -> log.info("job={} changed: {}", job.name(), describe(job.spec(), job.enabled())));
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
