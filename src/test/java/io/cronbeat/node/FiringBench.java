package io.cronbeat.node;

import io.cronbeat.exec.NoopExecutor;
import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measuring tool, not a test (its name keeps it out of the suites): how long firing takes on
 * this machine, with the no-op executor. Run one case with
 * {@code mvn -q -o -Dtest=FiringBench#burst -Dbench.store=H2 -Dbench.jobs=2000 test}. It prints
 * numbers and asserts nothing.
 *
 * <ul>
 *   <li>{@code burst}: {@code bench.jobs} jobs made due at one instant a few seconds ahead, once the
 *       node is up ({@code bench.rounds} times): when the last run is recorded, how many are QUEUED,
 *       CATCH_UP or MISSED.
 *   <li>{@code everySecond}: {@code bench.jobs} jobs firing every second for {@code bench.seconds}:
 *       lag (attempt start, and recording, minus the scheduled instant), missed, duplicated.
 * </ul>
 */
class FiringBench {

  @TempDir Path dir;

  private static TestStore.Kind store() {
    return TestStore.Kind.valueOf(System.getProperty("bench.store", "H2").toUpperCase(Locale.ROOT));
  }

  private static int jobs() {
    return Integer.getInteger("bench.jobs", 2000);
  }

  @Test
  void burst() throws Exception {
    int jobs = jobs();
    StringBuilder yaml = new StringBuilder("jobs:\n");
    for (int i = 0; i < jobs; i++) {
      // Due once a year; the measurement moves every trigger's next fire time to one instant.
      yaml.append("  j").append(i).append(":\n    schedule: '0 0 3 1 1 ?'\n    command: 'true'\n");
    }
    try (NodeHarness harness = new NodeHarness(store(), dir)) {
      harness.set("CRONBEAT_NODE_HEARTBEAT", "5s").set("CRONBEAT_NODE_LEASE", "30s");
      harness.jobs("jobs.yaml", yaml.toString());
      Instant begin = Instant.now();
      harness.start(new NoopExecutor());
      System.out.printf("BENCH burst %s jobs=%d: node up after %d ms%n", store(), jobs,
          Duration.between(begin, Instant.now()).toMillis());
      for (int round = 0; round < Integer.getInteger("bench.rounds", 1); round++) {
        burstRound(harness, jobs);
      }
    }
  }

  private static void burstRound(NodeHarness harness, int jobs) throws InterruptedException {
    harness.jdbc().update("DELETE FROM cb_attempts");
    harness.jdbc().update("DELETE FROM cb_runs");
    Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    long instant = at.toEpochMilli();
    harness.jdbc().update("UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = ?", instant);
    Instant cap = at.plusSeconds(Integer.getInteger("bench.cap", 60));
    long recorded = 0;
    while (Instant.now().isBefore(cap) && recorded < jobs) {
      Thread.sleep(100);
      recorded = count(harness, "SELECT COUNT(*) FROM cb_runs");
    }
    long seenAll = Instant.now().toEpochMilli() - instant;
    long last = count(harness, "SELECT MAX(created_at) FROM cb_runs") - instant;
    long first = count(harness, "SELECT MIN(created_at) FROM cb_runs") - instant;
    List<String> kinds = harness.jdbc().query("SELECT kind, state, COUNT(*) FROM cb_runs GROUP BY kind, state",
        row -> row.getString(1) + "/" + row.getString(2) + "=" + row.getLong(3));
    long wrongTime = count(harness, "SELECT COUNT(*) FROM cb_runs WHERE scheduled_at <> " + instant);
    System.out.printf("BENCH burst %s jobs=%d: recorded %d, seen all (polling every 100 ms) %d ms after the instant;"
        + " created_at first %d, last %d ms after it; %s; scheduled_at not the instant: %d%n", store(), jobs, recorded, seenAll,
        first, last, kinds, wrongTime);
    while (count(harness, "SELECT COUNT(*) FROM cb_runs WHERE state IN ('QUEUED', 'RUNNING')") > 0
        && Instant.now().isBefore(cap)) {
      Thread.sleep(200);
    }
  }

  @Test
  void everySecond() throws Exception {
    int jobs = jobs();
    int seconds = Integer.getInteger("bench.seconds", 30);
    StringBuilder yaml = new StringBuilder("jobs:\n");
    for (int i = 0; i < jobs; i++) {
      yaml.append("  s").append(i).append(":\n    schedule: '@every 1s'\n    command: 'true'\n");
    }
    try (NodeHarness harness = new NodeHarness(store(), dir)) {
      harness.set("CRONBEAT_NODE_HEARTBEAT", "5s").set("CRONBEAT_NODE_LEASE", "30s")
          .set("CRONBEAT_EXECUTOR_THREADS", "16");
      harness.jobs("jobs.yaml", yaml.toString());
      harness.start(new NoopExecutor());
      Instant warm = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
      Instant end = warm.plusSeconds(seconds);
      while (Instant.now().isBefore(end.plusSeconds(3))) {
        Thread.sleep(500);
      }
      harness.stop();
      String window = " scheduled_at >= " + warm.toEpochMilli() + " AND scheduled_at < " + end.toEpochMilli();
      List<Long> lags = harness.jdbc().query("SELECT started_at - scheduled_at FROM cb_runs WHERE started_at IS NOT NULL AND"
          + window + " ORDER BY 1", row -> row.getLong(1));
      List<Long> recordLags = harness.jdbc().query("SELECT created_at - scheduled_at FROM cb_runs WHERE" + window + " ORDER BY 1",
          row -> row.getLong(1));
      long expected = (long) jobs * seconds;
      long rows = count(harness, "SELECT COUNT(*) FROM cb_runs WHERE" + window);
      long notQueued = count(harness, "SELECT COUNT(*) FROM cb_runs WHERE (kind <> 'SCHEDULED' OR state = 'MISSED') AND" + window);
      System.out.printf("BENCH everySecond %s jobs=%d seconds=%d: expected %d, recorded %d, started %d, not plain/missed %d;"
          + " start lag p50 %d p99 %d max %d ms; record lag p50 %d p99 %d max %d ms%n", store(), jobs, seconds, expected, rows,
          lags.size(), notQueued, pct(lags, 50), pct(lags, 99), pct(lags, 100), pct(recordLags, 50), pct(recordLags, 99),
          pct(recordLags, 100));
    }
  }

  private static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static long count(NodeHarness harness, String sql) {
    return harness.jdbc().one(sql, row -> row.getLong(1)).orElse(0L);
  }
}
