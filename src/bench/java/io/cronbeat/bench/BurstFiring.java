package io.cronbeat.bench;

import io.cronbeat.node.Node;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Many scheduled jobs in files, all due at the same second: seconds from that instant until
 * every firing is recorded in cb_runs and until every run finished, with the no-op executor.
 * The jobs are synced before the instant by a node that does not fire (untimed here; the sync
 * itself is measured in (4)); if that sync takes longer than the lead, the instant moves later.
 */
final class BurstFiring {

  private static final String PREFIX = "burst-";
  /** For the node to start once the jobs are synced. */
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private BurstFiring() {}

  static BurstRow run(BenchDatabase db, int jobs, int workers, Duration lead, Duration cap) throws Exception {
    Map<String, String> env = CronbeatEnv.of(db, workers);
    Path schedules = CronbeatEnv.schedules(db);
    Instant at = Instant.now().plus(lead).truncatedTo(ChronoUnit.SECONDS);
    long syncStart = System.nanoTime();
    Duration sync = syncOnly(env, schedules, jobs, at);
    Duration firstSync = Duration.ofNanos(System.nanoTime() - syncStart);
    // The node still has to start and re-sync (unchanged: cheaper than the first) before the instant.
    if (Instant.now().plus(MARGIN).plus(sync.dividedBy(2)).isAfter(at)) {
      // Too slow for this lead: another instant, far enough ahead for a second (changing) sync and the start.
      at = Instant.now().plus(sync.multipliedBy(3).dividedBy(2)).plus(MARGIN).truncatedTo(ChronoUnit.SECONDS);
      System.err.printf("bench: %s burst: sync took %.1fs, moving the instant to %s%n", db.kind().label(),
          sync.toMillis() / 1e3, at);
      syncOnly(env, schedules, jobs, at);
    }
    try (Node node = ExecutorMode.NOOP.start(CronbeatEnv.config(env)); CronbeatRuns store = CronbeatRuns.open(env)) {
      if (Instant.now().isAfter(at)) {
        throw new IllegalStateException("the node started after the instant the jobs were due; raise --burst-lead");
      }
      Thread.sleep(Duration.between(Instant.now(), at).toMillis());
      long start = System.nanoTime();
      long deadline = start + cap.toNanos();
      long t = at.toEpochMilli();
      int recorded = Poll.until(() -> store.count("SELECT COUNT(*) FROM cb_runs WHERE scheduled_at = ?", t), jobs, deadline,
          Duration.ofMillis(20));
      Double recordedSeconds = recorded >= jobs ? (System.nanoTime() - start) / 1e9 : null;
      int finished = Poll.until(() -> store.count("SELECT COUNT(*) FROM cb_runs WHERE scheduled_at = ?"
          + " AND state NOT IN ('QUEUED', 'RUNNING')", t), jobs, deadline, Duration.ofMillis(20));
      Double finishedSeconds = finished >= jobs ? (System.nanoTime() - start) / 1e9 : null;
      // Missed: recorded as missed or as a catch-up after an "outage". (Not yet recorded at the cap
      // is not missed: the table shows how many were recorded by then.)
      long missed = store.count("SELECT COUNT(*) FROM cb_runs WHERE scheduled_at = ?"
          + " AND (kind <> 'SCHEDULED' OR state IN ('MISSED', 'SKIPPED'))", t);
      return new BurstRow(db.kind(), "cronbeat", jobs, recordedSeconds, finishedSeconds, recorded, finished, missed,
          store.duplicated(), firstSync.toMillis() / 1e3);
    }
  }

  /** Writes the job files due at {@code at} and syncs them with a node that neither fires nor claims. */
  private static Duration syncOnly(Map<String, String> env, Path schedules, int jobs, Instant at) throws Exception {
    JobFiles.write(schedules, PREFIX, jobs, JobFiles.dailyAtSecond(at));
    long start = System.nanoTime();
    Node.manual(CronbeatEnv.config(env), Clock.systemUTC()).close();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Plain Quartz's time to fire as many one-shot triggers due at one instant, for comparison. */
  static BurstRow quartz(BenchDatabase db, int jobs, int workers, Duration cap) throws Exception {
    Drain drain = QuartzDrain.run(db, jobs, workers, cap, Instant.now().plusSeconds(2));
    return new BurstRow(db.kind(), "quartz", jobs, null, drain.capped() ? null : drain.elapsed().toMillis() / 1e3, -1,
        drain.finished(), 0, drain.duplicated(), null);
  }
}
