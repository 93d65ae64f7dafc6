package io.cronbeat.bench;

import io.cronbeat.config.ConfigLoader;
import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.exec.Executor;
import io.cronbeat.node.Node;
import io.cronbeat.store.Database;
import io.cronbeat.store.JobSpec;
import io.cronbeat.store.RunKind;
import io.cronbeat.store.Store;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * cronbeat's whole path for queued runs, with {@code true} as the command: N runs queued as
 * {@code scheduler submit} queues them, then a real node started in this JVM, timed until the
 * store says every run SUCCEEDED. With an executor given, every attempt goes to it instead of
 * the process: the no-op executor measures the scheduler alone.
 */
final class CronbeatDrain {

  private static final int QUEUEING_THREADS = 4;

  private CronbeatDrain() {}

  static Drain run(BenchDatabase db, int runs, int workers, Duration cap, Optional<Executor> everyRun) throws Exception {
    Files.createDirectories(db.dir().resolve("schedules"));
    Map<String, String> env = new java.util.HashMap<>(db.cronbeatEnv());
    env.put("CRONBEAT_SCHEDULES", db.dir().resolve("schedules").toString());
    env.put("CRONBEAT_EXECUTOR_THREADS", Integer.toString(workers));
    env.put("CRONBEAT_STORE_POOL_SIZE", Integer.toString(Math.min(200, workers + 10)));
    env.put("CRONBEAT_NODE_SHUTDOWN_GRACE", "2s");
    env.put("CRONBEAT_NODE_KILL_GRACE", "1s");
    CronbeatConfig config = new ConfigLoader(env, ZoneId.of("UTC")).load(null);
    // The queueing and the counting are not the node: small pools, so PostgreSQL's connection
    // limit (shared with whatever else runs here) is left to the node.
    Map<String, String> sideEnv = new java.util.HashMap<>(env);
    sideEnv.put("CRONBEAT_STORE_POOL_SIZE", Integer.toString(QUEUEING_THREADS));
    CronbeatConfig side = new ConfigLoader(sideEnv, ZoneId.of("UTC")).load(null);
    Clock clock = Clock.systemUTC();
    try (Store store = Store.open(side, clock); Database counter = Database.open(side)) {
      queue(store, runs, clock);
      long start = System.nanoTime();
      long deadline = start + cap.toNanos();
      int finished;
      long end;
      try (Node node = everyRun.isPresent() ? Node.start(config, clock, everyRun.get()) : Node.start(config, clock)) {
        finished = Poll.until(() -> count(counter, "SELECT COUNT(*) FROM cb_runs WHERE state = 'SUCCEEDED'"), runs,
            deadline, Duration.ofMillis(50));
        end = System.nanoTime(); // the node's start is timed (a user waits for it too); its stop is not
      }
      // One attempt per run: a run attempted twice was run twice.
      long duplicated = count(counter, "SELECT COUNT(*) FROM cb_attempts WHERE attempt > 1")
          + count(counter, "SELECT COUNT(*) FROM (SELECT run_id FROM cb_attempts GROUP BY run_id HAVING COUNT(*) > 1) d");
      return new Drain(runs, Math.min(finished, runs), Duration.ofNanos(end - start), duplicated);
    }
  }

  private static void queue(Store store, int runs, Clock clock) throws Exception {
    String definition = store.jobs().toJson(JobSpec.adHoc("bench", List.of("true"), 1, Duration.ofSeconds(30), null));
    Instant due = clock.instant();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(QUEUEING_THREADS);
    try {
      List<Future<?>> loops = new ArrayList<>();
      for (int t = 0; t < QUEUEING_THREADS; t++) {
        loops.add(pool.submit(() -> {
          while (next.getAndIncrement() < runs) {
            store.runs().enqueue("bench", RunKind.SUBMITTED, due, 1, clock.instant(), definition);
          }
          return null;
        }));
      }
      for (Future<?> loop : loops) {
        loop.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static int count(Database database, String sql) {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
