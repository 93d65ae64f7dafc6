package io.cronbeat.store.quartz;

import io.cronbeat.CronbeatException;
import io.cronbeat.store.Dialect;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.StoreException;
import io.cronbeat.store.quartz.QuartzEngine.Timing;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cronbeat's jobs and triggers in Quartz's tables, read and written a table at a time with JDBC
 * batches. Quartz's API stores a job in seven statements, checks included, and reads a trigger
 * at a time: a sync of 10,000 jobs took 70,000 round trips (40-110 s on PostgreSQL). The rows
 * are the ones Quartz's {@code StdJDBCDelegate} and {@link CronbeatTriggerPersistence} write,
 * and every write holds Quartz's own {@code TRIGGER_ACCESS} row lock, as Quartz's would.
 */
final class TriggerTable {

  /** Jobs per transaction: each holds Quartz's cluster-wide trigger lock, so other nodes fire in between. */
  static final int CHUNK = 500;

  private static final Logger log = LoggerFactory.getLogger(TriggerTable.class);

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final String cluster;

  TriggerTable(Jdbc jdbc, Dialect dialect, String cluster) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.cluster = cluster;
  }

  /**
   * Every job of the cluster; one whose trigger is missing or in Quartz's ERROR state has {@link Timing#NONE}.
   * Three scans joined here rather than one SQL join: right after a large sync PostgreSQL's
   * statistics still say the tables are empty, and its nested-loop plan for the join took 50 s.
   */
  Map<String, Timing> timings() {
    Map<String, String[]> properties = new HashMap<>();
    jdbc.query("SELECT TRIGGER_NAME, STR_PROP_1, STR_PROP_2 FROM QRTZ_SIMPROP_TRIGGERS WHERE SCHED_NAME = ? AND TRIGGER_GROUP = ?",
        row -> properties.put(row.getString(1), new String[] {row.getString(2), row.getString(3)}), cluster, QuartzEngine.GROUP);
    Map<String, Timing> firing = new HashMap<>();
    jdbc.query("SELECT TRIGGER_NAME, JOB_NAME, TRIGGER_STATE FROM QRTZ_TRIGGERS WHERE SCHED_NAME = ? AND TRIGGER_GROUP = ?",
        row -> {
          String[] timing = properties.get(row.getString(1));
          return timing == null || "ERROR".equals(row.getString(3)) ? null
              : firing.put(row.getString(2), new Timing(timing[0], timing[1]));
        }, cluster, QuartzEngine.GROUP);
    Map<String, Timing> timings = new HashMap<>();
    jdbc.query("SELECT JOB_NAME FROM QRTZ_JOB_DETAILS WHERE SCHED_NAME = ? AND JOB_GROUP = ?",
        row -> timings.put(row.getString(1), firing.getOrDefault(row.getString(1), Timing.NONE)), cluster,
        QuartzEngine.GROUP);
    return timings;
  }

  /**
   * Creates the jobs' Quartz jobs and triggers, replacing those of {@code held} (the jobs Quartz
   * has, see {@link #timings}): their timing starts from now.
   */
  void schedule(Map<String, Timing> jobs, Set<String> held) {
    List<CronbeatTrigger> triggers = new ArrayList<>();
    jobs.forEach((job, timing) -> triggers.add(trigger(job, timing)));
    List<List<CronbeatTrigger>> chunks = chunks(triggers);
    for (List<CronbeatTrigger> chunk : chunks) {
      if (chunk != chunks.get(0)) {
        analyze(); // after the first chunk: the tables are no longer what the statistics say
      }
      // Deleting only what is there: a first sync only inserts.
      List<String> replaced = chunk.stream().map(trigger -> trigger.getKey().getName()).filter(held::contains).toList();
      jdbc.transaction(connection -> {
        TriggerLock.take(connection, cluster);
        delete(connection, replaced);
        insert(connection, chunk);
        return null;
      });
    }
  }

  /** Refreshes the statistics of the tables a sync fills, each on its own: a failure only costs speed. */
  private void analyze() {
    for (String table : List.of("QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS")) {
      dialect.analyze(table).ifPresent(sql -> {
        try {
          jdbc.update(sql);
        } catch (StoreException e) {
          log.debug("could not refresh the statistics of {}: {}", table, e.getMessage());
        }
      });
    }
  }

  /** Deletes the jobs' Quartz jobs and triggers. */
  void unschedule(List<String> jobs) {
    for (List<String> chunk : chunks(jobs)) {
      jdbc.transaction(connection -> {
        TriggerLock.take(connection, cluster);
        delete(connection, chunk);
        return null;
      });
    }
  }

  /** The trigger Quartz's scheduleJob would store: starting now, at its first fire time. */
  private static CronbeatTrigger trigger(String job, Timing timing) {
    CronbeatTrigger trigger = new CronbeatTrigger(timing.schedule(), timing.zone(), job);
    trigger.setKey(new TriggerKey(job, QuartzEngine.GROUP));
    trigger.setJobKey(new JobKey(job, QuartzEngine.GROUP));
    trigger.setStartTime(new Date());
    if (trigger.computeFirstFireTime(null) == null) {
      throw new CronbeatException("job " + job + ": schedule '" + timing.schedule() + "' never fires",
          "check the job files with 'scheduler validate'");
    }
    return trigger;
  }

  /**
   * Every row by its primary key: PostgreSQL, with statistics from before a large sync, chose
   * the (SCHED_NAME, JOB_GROUP) index for a delete by job name and scanned every trigger per row.
   */
  private void delete(Connection connection, List<String> jobs) throws SQLException {
    List<Object[]> keys = jobs.stream().map(job -> new Object[] {cluster, job, QuartzEngine.GROUP}).toList();
    Jdbc.batch(connection, "DELETE FROM QRTZ_SIMPROP_TRIGGERS WHERE SCHED_NAME = ? AND TRIGGER_NAME = ? AND TRIGGER_GROUP = ?",
        keys);
    Jdbc.batch(connection, "DELETE FROM QRTZ_TRIGGERS WHERE SCHED_NAME = ? AND TRIGGER_NAME = ? AND TRIGGER_GROUP = ?", keys);
    Jdbc.batch(connection, "DELETE FROM QRTZ_JOB_DETAILS WHERE SCHED_NAME = ? AND JOB_NAME = ? AND JOB_GROUP = ?", keys);
  }

  /**
   * The rows of {@code JobBuilder.newJob(FireJob.class).storeDurably()} and of its trigger,
   * WAITING. No recovery request: Quartz never fires them (see {@link TriggerSweep}), and a
   * firing pass cut short by a node's death is done whole by the next pass on any node.
   */
  private void insert(Connection connection, List<CronbeatTrigger> triggers) throws SQLException {
    List<Object[]> jobs = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    List<Object[]> properties = new ArrayList<>();
    for (CronbeatTrigger trigger : triggers) {
      String name = trigger.getKey().getName();
      jobs.add(new Object[] {cluster, name, QuartzEngine.GROUP, FireJob.class.getName(), true, false, false, false});
      rows.add(new Object[] {cluster, name, QuartzEngine.GROUP, name, QuartzEngine.GROUP, trigger.getNextFireTime().getTime(),
          -1L, "WAITING", CronbeatTriggerPersistence.TYPE, trigger.getStartTime().getTime(), 0L,
          trigger.getMisfireInstruction(), Trigger.DEFAULT_PRIORITY});
      properties.add(new Object[] {cluster, name, QuartzEngine.GROUP, trigger.scheduleText(), trigger.zoneId(), trigger.seed(),
          0, 0, 0L, 0L, false, false});
    }
    Jdbc.batch(connection, "INSERT INTO QRTZ_JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP, JOB_CLASS_NAME, IS_DURABLE,"
        + " IS_NONCONCURRENT, IS_UPDATE_DATA, REQUESTS_RECOVERY) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", jobs);
    Jdbc.batch(connection, "INSERT INTO QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP, JOB_NAME, JOB_GROUP,"
        + " NEXT_FIRE_TIME, PREV_FIRE_TIME, TRIGGER_STATE, TRIGGER_TYPE, START_TIME, END_TIME, MISFIRE_INSTR, PRIORITY)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    Jdbc.batch(connection, "INSERT INTO QRTZ_SIMPROP_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP, STR_PROP_1, STR_PROP_2,"
        + " STR_PROP_3, INT_PROP_1, INT_PROP_2, LONG_PROP_1, LONG_PROP_2, BOOL_PROP_1, BOOL_PROP_2)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", properties);
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      chunks.add(all.subList(from, Math.min(from + CHUNK, all.size())));
    }
    return chunks;
  }
}
