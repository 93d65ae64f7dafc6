package io.cronbeat.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Plain Quartz firing N triggers every second with a no-op job: lag is the job's start minus
 * the trigger's scheduled fire time; a firing in the window that never ran (a misfire Quartz
 * skipped, or one not run within the grace) is missed.
 */
final class QuartzLag {

  private QuartzLag() {}

  static LagRow run(BenchDatabase db, int jobs, int workers, LagWindow.Plan plan) throws Exception {
    Map<String, Integer> runs = new ConcurrentHashMap<>();
    Queue<Long> lags = new ConcurrentLinkedQueue<>();
    LagWindow[] window = new LagWindow[1];
    Job job = context -> {
      long now = System.currentTimeMillis();
      long scheduled = context.getScheduledFireTime().getTime();
      if (window[0] != null && window[0].contains(scheduled)) {
        if (runs.merge(context.getTrigger().getKey().getName() + "@" + scheduled, 1, Integer::sum) == 1) {
          lags.add(now - scheduled);
        }
      }
    };
    Scheduler scheduler = QuartzSetup.scheduler(db, workers, null, job);
    try {
      Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
      Map<JobDetail, Set<? extends Trigger>> triggers = new HashMap<>();
      for (int i = 0; i < jobs; i++) {
        JobDetail detail = JobBuilder.newJob(Job.class).withIdentity("j" + i, "bench").build();
        triggers.put(detail, Set.of(TriggerBuilder.newTrigger().withIdentity("t" + i, "bench").startAt(Date.from(first))
            .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(1)).build()));
      }
      scheduler.scheduleJobs(triggers, false);
      scheduler.start();
      window[0] = plan.start();
      window[0].awaitEnd();
      long expected = (long) jobs * window[0].seconds();
      Poll.until(() -> lags.size(), (int) expected, window[0].graceDeadlineNanos(), Duration.ofMillis(100));
      long duplicated = runs.values().stream().filter(n -> n > 1).count();
      Stats stats = Stats.of(lags);
      return new LagRow(db.kind(), "quartz", 1, "in-JVM", "no-op", jobs, window[0].seconds(), stats, expected,
          expected - stats.count(), duplicated);
    } finally {
      scheduler.shutdown(true);
    }
  }
}
