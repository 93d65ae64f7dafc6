package io.cronbeat.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Writes N one-shot Quartz triggers and their jobs straight into Quartz's tables, in JDBC
 * batches: the rows {@code Scheduler.scheduleJobs} writes (job data left empty), without its
 * several round trips per trigger. Only queueing is done this way; Quartz fires and runs them.
 */
final class QuartzQueue {

  private static final int BATCH = 1_000;

  private QuartzQueue() {}

  /** A statement whose parameters for row i the benchmark sets. */
  private interface RowSetter {
    void set(PreparedStatement statement, int i) throws SQLException;
  }

  static void insert(BenchDatabase db, String schedulerName, int count, Instant dueAt) throws SQLException {
    long due = dueAt.toEpochMilli();
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      batch(c, count, "INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name, is_durable,"
          + " is_nonconcurrent, is_update_data, requests_recovery) VALUES (?, ?, 'bench', 'org.quartz.Job', ?, ?, ?, ?)",
          (s, i) -> {
            s.setString(1, schedulerName);
            s.setString(2, "j" + i);
            for (int flag = 3; flag <= 6; flag++) {
              s.setBoolean(flag, false);
            }
          });
      analyze(db, c, "qrtz_job_details");
      batch(c, count, "INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group,"
          + " next_fire_time, prev_fire_time, priority, trigger_state, trigger_type, start_time, end_time, misfire_instr)"
          + " VALUES (?, ?, 'bench', ?, 'bench', ?, -1, 5, 'WAITING', 'SIMPLE', ?, 0, 1)", (s, i) -> {
            s.setString(1, schedulerName);
            s.setString(2, "t" + i);
            s.setString(3, "j" + i);
            s.setLong(4, due);
            s.setLong(5, due);
          });
      analyze(db, c, "qrtz_triggers");
      batch(c, count, "INSERT INTO qrtz_simple_triggers (sched_name, trigger_name, trigger_group, repeat_count,"
          + " repeat_interval, times_triggered) VALUES (?, ?, 'bench', 0, 0, 0)", (s, i) -> {
            s.setString(1, schedulerName);
            s.setString(2, "t" + i);
          });
      analyze(db, c, "qrtz_simple_triggers");
      c.commit();
    }
  }

  private static void batch(Connection c, int count, String sql, RowSetter row) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < count; i++) {
        row.set(statement, i);
        statement.addBatch();
        if ((i + 1) % BATCH == 0 || i + 1 == count) {
          statement.executeBatch();
        }
      }
    }
  }

  /**
   * PostgreSQL plans each foreign-key check once per connection: planned on an empty parent
   * table it scans, and 20,000 rows take half a minute instead of half a second. Statistics
   * first, as autovacuum would give a real deployment's tables.
   */
  private static void analyze(BenchDatabase db, Connection c, String table) throws SQLException {
    if (db.kind() == StoreKind.POSTGRESQL) {
      try (Statement statement = c.createStatement()) {
        statement.execute("ANALYZE " + table);
      }
    }
  }
}
