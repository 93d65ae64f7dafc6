package io.cronbeat.dispatch;

import io.cronbeat.store.Firing;
import io.cronbeat.store.FiringHandler;
import io.cronbeat.store.JobSpec;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.RunKind;
import io.cronbeat.store.RunState;
import io.cronbeat.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Quartz firing into runs in the queue: one QUEUED run for an on-time firing; after an
 * outage, what the job's {@code catch-up} policy says, the rest recorded as MISSED.
 */
public final class FiringRecorder implements FiringHandler {

  private static final Logger log = LoggerFactory.getLogger(FiringRecorder.class);

  private final JobTable jobs;
  private final RunStore runs;
  private final Clock clock;
  private final int catchUpCap;
  private final DoubleSupplier random;
  private final Runnable wakeDispatcher;

  public FiringRecorder(JobTable jobs, RunStore runs, Clock clock, int catchUpCap, DoubleSupplier random,
      Runnable wakeDispatcher) {
    this.jobs = jobs;
    this.runs = runs;
    this.clock = clock;
    this.catchUpCap = catchUpCap;
    this.random = random;
    this.wakeDispatcher = wakeDispatcher;
  }

  @Override
  public void fired(Firing firing) {
    Optional<JobTable.StoredJob> stored = jobs.find(firing.job()).filter(JobTable.StoredJob::enabled);
    if (stored.isEmpty()) {
      log.warn("job={} fired but is no longer declared or enabled; nothing recorded", firing.job());
      return;
    }
    JobSpec spec = stored.get().spec();
    Instant now = clock.instant();
    if (stored.get().paused()) {
      runs.recordFiring(spec.name(), RunKind.SCHEDULED, firing.scheduledAt(), RunState.MISSED, firing.scheduledAt(),
          spec.attempts(), now, RunStore.PAUSED);
      log.info("job={} is paused; firing {} recorded as MISSED", spec.name(), firing.scheduledAt());
      return;
    }
    if (firing.missedSince().isEmpty()) {
      queue(spec, RunKind.SCHEDULED, firing.scheduledAt(), now);
    } else {
      CatchUpPlan plan = CatchUpPlan.of(firing.schedule(), firing.missedSince().get(), firing.scheduledAt(), spec.catchUp(),
          catchUpCap);
      log.info("job={} catching up after an outage: first missed {}, {} to run, {} missed (catch-up: {}){}", spec.name(),
          firing.missedSince().get(), plan.run().size(), plan.missed().size() + plan.uncounted(),
          spec.catchUp().name().toLowerCase(java.util.Locale.ROOT),
          plan.uncounted() > 0 ? ", " + plan.uncounted() + " of them too old to record one by one" : "");
      for (Instant missed : plan.missed()) {
        runs.recordFiring(spec.name(), RunKind.CATCH_UP, missed, RunState.MISSED, missed, spec.attempts(), now,
            "no node ran while it was due (catch-up: " + spec.catchUp().name().toLowerCase(java.util.Locale.ROOT) + ")");
      }
      plan.run().forEach(time -> queue(spec, RunKind.CATCH_UP, time, now));
    }
    wakeDispatcher.run();
  }

  private void queue(JobSpec spec, RunKind kind, Instant scheduledAt, Instant now) {
    Instant due = (scheduledAt.isAfter(now) ? scheduledAt : now)
        .plus(Duration.ofMillis((long) (random.getAsDouble() * spec.jitterSeconds() * 1000)));
    Optional<Long> id = runs.recordFiring(spec.name(), kind, scheduledAt, RunState.QUEUED, due, spec.attempts(), now, null);
    if (id.isPresent()) {
      log.info("job={} run={} queued for {}{}", spec.name(), id.get(), scheduledAt,
          spec.jitterSeconds() > 0 ? ", starting at " + due + " (jitter)" : "");
    } else {
      log.info("job={} firing {} was already recorded; not queued again", spec.name(), scheduledAt);
    }
  }
}
