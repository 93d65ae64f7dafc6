package io.cronbeat.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.Job;
import org.quartz.Scheduler;

/**
 * Plain Quartz draining one-shot triggers that are all due at one instant (now, or a moment
 * ahead), with a job that does nothing; timed from that instant until every job ran and the
 * trigger rows are gone.
 */
final class QuartzDrain {

  /** Queueing N triggers on PostgreSQL takes longer than the default 60 s; due runs are not misfires. */
  private static final Duration MISFIRE_THRESHOLD = Duration.ofHours(1);

  private QuartzDrain() {}

  /**
   * @param dueAt when the triggers are due; null: now, and the scheduler starts after queueing
   */
  static Drain run(BenchDatabase db, int runs, int workers, Duration cap, Instant dueAt) throws Exception {
    AtomicInteger done = new AtomicInteger();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicLong duplicated = new AtomicLong();
    Job job = context -> {
      if (!seen.add(context.getJobDetail().getKey().getName())) {
        duplicated.incrementAndGet();
      }
      done.incrementAndGet();
    };
    Scheduler scheduler = QuartzSetup.scheduler(db, workers, MISFIRE_THRESHOLD, job);
    try {
      // Queued before the scheduler starts: only the drain is timed.
      QuartzQueue.insert(db, scheduler.getSchedulerName(), runs, dueAt == null ? Instant.now() : dueAt);
      scheduler.start();
      if (dueAt != null) {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), dueAt).toMillis()));
      }
      DrainClock clock = DrainClock.start();
      long deadline = clock.startNanos() + cap.toNanos();
      int finished = Poll.until(done::get, runs, deadline, Duration.ofMillis(5));
      // Done means the trigger rows are gone, as cronbeat's drain ends when the store says so.
      if (finished >= runs) {
        Poll.until(() -> runs - triggersLeft(db), runs, deadline, Duration.ofMillis(20));
      }
      return clock.stop(runs, done.get(), duplicated.get());
    } finally {
      scheduler.shutdown(true);
    }
  }

  private static int triggersLeft(BenchDatabase db) {
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM qrtz_triggers")) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
