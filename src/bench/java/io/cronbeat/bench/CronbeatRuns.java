package io.cronbeat.bench;

import io.cronbeat.run.JobSpec;
import io.cronbeat.store.Database;
import io.cronbeat.store.Dialect;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.JobTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's own view of a cronbeat store, on a small pool of its own: queueing runs as
 * {@code scheduler submit} does, counting them, and reading attempts back. It opens the store
 * only after a node did (so a node, not the benchmark, migrates it).
 */
final class CronbeatRuns implements AutoCloseable {

  /** Queued runs wait this far ahead until {@link #release} makes them due at once. */
  private static final Duration HELD = Duration.ofDays(1);
  private static final int BATCH = 1_000;

  private final Database database;

  private CronbeatRuns(Database database) {
    this.database = database;
  }

  static CronbeatRuns open(Map<String, String> env) {
    return new CronbeatRuns(Database.open(CronbeatEnv.side(env)));
  }

  /**
   * Queues {@code runs} one-off runs of {@code argv} (the rows {@code submit} writes), held a day
   * ahead; inserted in batches so that setting up 20,000 is not the slow part of a benchmark.
   */
  void queueHeld(int runs, List<String> argv) throws SQLException {
    Instant now = Instant.now();
    String definition = new JobTable(new Jdbc(database.dataSource()), Clock.systemUTC())
        .toJson(JobSpec.adHoc("bench", argv, 1, Duration.ofSeconds(30), null));
    try (Connection c = database.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement(
        "INSERT INTO cb_runs (job, kind, state, due_at, attempts, max_attempts, created_at, definition)"
            + " VALUES ('bench', 'SUBMITTED', 'QUEUED', ?, 0, 1, ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 1; i <= runs; i++) {
        insert.setLong(1, now.plus(HELD).toEpochMilli());
        insert.setLong(2, now.toEpochMilli());
        insert.setString(3, definition);
        insert.addBatch();
        if (i % BATCH == 0 || i == runs) {
          insert.executeBatch();
          c.commit();
        }
      }
      // Statistics, as autovacuum gives a real deployment's tables (and as Quartz's get in QuartzQueue).
      if (database.dialect() == Dialect.POSTGRESQL) {
        try (Statement analyze = c.createStatement()) {
          analyze.execute("ANALYZE cb_runs");
        }
      }
    }
  }

  /** Makes every held run due now, in one statement: the moment a drain starts. */
  void release() throws SQLException {
    update("UPDATE cb_runs SET due_at = ? WHERE state = 'QUEUED' AND due_at > ?", Instant.now().toEpochMilli(),
        Instant.now().plus(HELD.dividedBy(2)).toEpochMilli());
  }

  int count(String sql, Object... args) {
    try (Connection c = database.dataSource().getConnection(); PreparedStatement s = prepare(c, sql, args);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs executed more than once: a second attempt, or a second run of one firing. */
  long duplicated() {
    return count("SELECT COUNT(*) FROM (SELECT run_id FROM cb_attempts GROUP BY run_id HAVING COUNT(*) > 1) d")
        + count("SELECT COUNT(*) FROM (SELECT job, scheduled_at FROM cb_runs WHERE scheduled_at IS NOT NULL"
            + " GROUP BY job, scheduled_at HAVING COUNT(*) > 1) d");
  }

  /** A run whose firing falls in [from, to), with the start of each of its attempts. */
  record Firing(String job, long scheduledAt, String kind, String state, List<Long> attemptStarts) {}

  List<Firing> firings(Instant from, Instant to) throws SQLException {
    List<Firing> firings = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection(); PreparedStatement s = prepare(c,
        "SELECT r.id, r.job, r.scheduled_at, r.kind, r.state, a.started_at FROM cb_runs r"
            + " LEFT JOIN cb_attempts a ON a.run_id = r.id WHERE r.scheduled_at >= ? AND r.scheduled_at < ? ORDER BY r.id",
        from.toEpochMilli(), to.toEpochMilli()); ResultSet r = s.executeQuery()) {
      long last = -1;
      while (r.next()) {
        if (r.getLong(1) != last) {
          last = r.getLong(1);
          firings.add(new Firing(r.getString(2), r.getLong(3), r.getString(4), r.getString(5), new ArrayList<>()));
        }
        long started = r.getLong(6);
        if (!r.wasNull()) {
          firings.get(firings.size() - 1).attemptStarts().add(started);
        }
      }
    }
    return firings;
  }

  private void update(String sql, Object... args) throws SQLException {
    try (Connection c = database.dataSource().getConnection(); PreparedStatement s = prepare(c, sql, args)) {
      s.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      statement.setObject(i + 1, args[i]);
    }
    return statement;
  }

  @Override
  public void close() {
    database.close();
  }
}
