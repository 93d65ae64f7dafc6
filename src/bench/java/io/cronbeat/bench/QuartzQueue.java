package io.cronbeat.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Writes N one-shot Quartz triggers and their jobs straight into Quartz's tables, in JDBC
 * batches: the rows {@code Scheduler.scheduleJobs} writes (job data left empty), without its
 * several round trips per trigger, which make queueing 20,000 on PostgreSQL take minutes.
 * Only queueing is done this way; Quartz fires and runs them itself.
 */
final class QuartzQueue {

  private static final int BATCH = 1_000;

  private QuartzQueue() {}

  static void insert(BenchDatabase db, String schedulerName, int count, Instant dueAt) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement jobs = c.prepareStatement("INSERT INTO qrtz_job_details (sched_name, job_name, job_group,"
            + " job_class_name, is_durable, is_nonconcurrent, is_update_data, requests_recovery) VALUES (?, ?, 'bench',"
            + " 'org.quartz.Job', ?, ?, ?, ?)");
        PreparedStatement triggers = c.prepareStatement("INSERT INTO qrtz_triggers (sched_name, trigger_name,"
            + " trigger_group, job_name, job_group, next_fire_time, prev_fire_time, priority, trigger_state, trigger_type,"
            + " start_time, end_time, misfire_instr) VALUES (?, ?, 'bench', ?, 'bench', ?, -1, 5, 'WAITING', 'SIMPLE', ?, 0, 1)");
        PreparedStatement simple = c.prepareStatement("INSERT INTO qrtz_simple_triggers (sched_name, trigger_name,"
            + " trigger_group, repeat_count, repeat_interval, times_triggered) VALUES (?, ?, 'bench', 0, 0, 0)")) {
      c.setAutoCommit(false);
      long due = dueAt.toEpochMilli();
      for (int i = 0; i < count; i++) {
        jobs.setString(1, schedulerName);
        jobs.setString(2, "j" + i);
        for (int flag = 3; flag <= 6; flag++) {
          jobs.setBoolean(flag, false);
        }
        jobs.addBatch();
        triggers.setString(1, schedulerName);
        triggers.setString(2, "t" + i);
        triggers.setString(3, "j" + i);
        triggers.setLong(4, due);
        triggers.setLong(5, due);
        triggers.addBatch();
        simple.setString(1, schedulerName);
        simple.setString(2, "t" + i);
        simple.addBatch();
        if ((i + 1) % BATCH == 0 || i + 1 == count) {
          jobs.executeBatch();
          triggers.executeBatch();
          simple.executeBatch();
        }
      }
      c.commit();
    }
  }
}
