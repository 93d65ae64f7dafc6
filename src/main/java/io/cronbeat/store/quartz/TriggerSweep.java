package io.cronbeat.store.quartz;

import io.cronbeat.store.Database;
import io.cronbeat.store.DueTrigger;
import io.cronbeat.store.FiringHandler;
import io.cronbeat.store.FiringSlot;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.NewRun;
import io.cronbeat.store.RunQueue;
import io.cronbeat.timing.Schedule;
import io.cronbeat.timing.ScheduleParser;
import io.cronbeat.timing.Zones;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One firing pass, in one transaction under Quartz's own TRIGGER_ACCESS lock (so that passes of
 * several nodes, and sync's changes through Quartz, take turns): every trigger due by the
 * horizon has its runs recorded and its next fire time moved past the horizon. A node that dies
 * mid-pass has recorded nothing and moved nothing; the next pass, on any node, does it all.
 *
 * <p>The pass also keeps {@code cb_firing}: since when the cluster has been firing without a gap
 * longer than {@code misfire-after}. A fire time from before that (less the same margin) fell
 * while no node fired: that is an outage, and the job's catch-up policy applies. A later one is
 * only late, because the cluster is busy, and runs.
 */
final class TriggerSweep {

  /**
   * What a pass did: runs recorded, whether triggers were left for another pass, the next fire
   * time, and when it ended.
   */
  record Result(FiringSlot slot, List<NewRun> runs, boolean more, Optional<Instant> next, Instant ended) {}

  private final Database database;
  private final String cluster;
  private final Duration misfireAfter;
  private final Clock clock;
  private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();

  TriggerSweep(Database database, String cluster, Duration misfireAfter, Clock clock) {
    this.database = database;
    this.cluster = cluster;
    this.misfireAfter = misfireAfter;
    this.clock = clock;
  }

  Result pass(Duration ahead, int limit, FiringHandler handler) {
    return new Jdbc(database.dataSource()).transaction(connection -> {
      TriggerLock.take(connection, cluster);
      Instant now = clock.instant();
      FiringSlot slot = new FiringSlot(now, now.plus(ahead), firingSince(connection, now).minus(misfireAfter));
      List<Due> due = due(connection, slot.horizon(), limit);
      List<NewRun> runs = plan(connection, slot, due.stream().map(Due::trigger).toList(), handler);
      RunQueue.recordFirings(connection, database.dialect(), runs, now);
      moveOn(connection, due, slot.horizon());
      Optional<Instant> next = next(connection);
      Instant ended = clock.instant();
      Jdbc.update(connection, "UPDATE cb_firing SET swept_at = ? WHERE cluster = ?", ended.toEpochMilli(), cluster);
      return new Result(slot, runs, due.size() == limit, next, ended);
    });
  }

  /**
   * The handler's runs, its "job paused" decisions fenced against the jobs' rows. The handler
   * reads the rows before this pass commits: a resume committed in between would find none of
   * the firings recorded MISSED after it, and no later resume would queue them. So the rows of
   * the jobs it found paused are locked until this pass commits: a resume under way commits
   * first, and the handler, asked again, sees the job running; a later one waits, then finds
   * these firings to catch up. The locked set only grows, so this ends.
   */
  private static List<NewRun> plan(Connection connection, FiringSlot slot, List<DueTrigger> due, FiringHandler handler)
      throws SQLException {
    Set<String> locked = new HashSet<>();
    while (true) {
      List<NewRun> runs = handler.plan(slot, due);
      List<String> paused = runs.stream().filter(run -> RunQueue.PAUSED.equals(run.reason())).map(NewRun::job).distinct()
          .filter(job -> !locked.contains(job)).toList();
      locked.addAll(paused);
      if (paused.isEmpty() || stillPaused(connection, paused)) {
        return runs;
      }
    }
  }

  /** Locks the jobs' rows until the pass commits; false when one of them is no longer paused (or gone). */
  private static boolean stillPaused(Connection connection, List<String> jobs) throws SQLException {
    List<Boolean> paused = new ArrayList<>();
    Jdbc.inLists(jobs, (names, marks) -> paused.addAll(Jdbc.query(connection, "SELECT paused FROM cb_jobs WHERE name IN ("
        + marks + ") FOR UPDATE", row -> row.getBoolean(1), names.toArray())));
    return paused.size() == jobs.size() && !paused.contains(false);
  }

  /** Since when passes have followed each other with no gap longer than misfire-after. */
  private Instant firingSince(Connection connection, Instant now) throws SQLException {
    List<long[]> rows = Jdbc.query(connection, "SELECT since, swept_at FROM cb_firing WHERE cluster = ?",
        row -> new long[] {row.getLong(1), row.getLong(2)}, cluster);
    if (rows.isEmpty()) {
      Jdbc.update(connection, "INSERT INTO cb_firing (cluster, since, swept_at) VALUES (?, ?, ?)", cluster, now.toEpochMilli(),
          now.toEpochMilli());
      return now;
    }
    long since = rows.get(0)[0];
    long sweptAt = rows.get(0)[1];
    if (now.toEpochMilli() - sweptAt > misfireAfter.toMillis()) {
      since = now.toEpochMilli();
      Jdbc.update(connection, "UPDATE cb_firing SET since = ? WHERE cluster = ?", since, cluster);
    }
    return Instant.ofEpochMilli(since);
  }

  /** A due trigger and whether it carries a first missed time from an older cronbeat. */
  private record Due(DueTrigger trigger, boolean clearMissed) {}

  /**
   * The due triggers, oldest first, with their schedules. Two queries, not a join: on a
   * PostgreSQL table that autovacuum has not analyzed yet, the join's plan scans one table per row
   * of the other.
   */
  private List<Due> due(Connection connection, Instant horizon, int limit) throws SQLException {
    Map<String, Long> next = new LinkedHashMap<>();
    Jdbc.query(connection, "SELECT TRIGGER_NAME, NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE SCHED_NAME = ?"
        + " AND TRIGGER_STATE = 'WAITING' AND NEXT_FIRE_TIME <= ? AND TRIGGER_GROUP = ? ORDER BY NEXT_FIRE_TIME, TRIGGER_NAME"
        + " LIMIT " + limit, row -> next.put(row.getString(1), row.getLong(2)), cluster, horizon.toEpochMilli(),
        QuartzEngine.GROUP);
    Map<String, Due> due = new HashMap<>();
    Jdbc.inLists(next.keySet(), (names, marks) -> Jdbc.query(connection, "SELECT TRIGGER_NAME, STR_PROP_1,"
        + " STR_PROP_2, STR_PROP_3, LONG_PROP_1 FROM QRTZ_SIMPROP_TRIGGERS WHERE SCHED_NAME = ? AND TRIGGER_GROUP = ?"
        + " AND TRIGGER_NAME IN (" + marks + ")", row -> {
          String name = row.getString(1);
          long missedFrom = row.getLong(5);
          Instant from = Instant.ofEpochMilli(missedFrom > 0 ? Math.min(missedFrom, next.get(name)) : next.get(name));
          due.put(name, new Due(new DueTrigger(name, from, schedule(row.getString(2), row.getString(3), row.getString(4))),
              missedFrom > 0));
          return null;
        }, parameters(List.of(cluster, QuartzEngine.GROUP), names)));
    return next.keySet().stream().map(due::get).filter(Objects::nonNull).toList();
  }

  private Schedule schedule(String text, String zone, String seed) {
    // The seed (the job name) matters only to H fields: jobs with the same schedule share one.
    String key = text + "\n" + zone + (text.contains("H") ? "\n" + seed : "");
    return schedules.computeIfAbsent(key, k -> new ScheduleParser().parse(text, Zones.parse(zone), seed));
  }

  /**
   * Every due trigger's next fire time becomes its first one after the horizon (none: complete).
   * Triggers that move to the same time move in one statement per {@link Jdbc#IN_LIST} names:
   * thousands of jobs due at one instant are mostly due again together, and one statement per row
   * is slow (and, on a PostgreSQL table not analyzed yet, a scan each).
   */
  private void moveOn(Connection connection, List<Due> due, Instant horizon) throws SQLException {
    Map<List<Long>, List<String>> byMove = new LinkedHashMap<>();
    List<String> clear = new ArrayList<>();
    for (Due each : due) {
      long next = each.trigger().schedule().nextAfter(horizon).map(Instant::toEpochMilli).orElse(-1L);
      byMove.computeIfAbsent(List.of(next, each.trigger().from().toEpochMilli()), k -> new ArrayList<>()).add(each.trigger().job());
      if (each.clearMissed()) {
        clear.add(each.trigger().job());
      }
    }
    for (Map.Entry<List<Long>, List<String>> move : byMove.entrySet()) {
      long next = move.getKey().get(0);
      Jdbc.inLists(move.getValue(), (names, marks) -> Jdbc.update(connection, "UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = ?,"
          + " PREV_FIRE_TIME = ?, TRIGGER_STATE = ? WHERE SCHED_NAME = ? AND TRIGGER_GROUP = ? AND TRIGGER_NAME IN (" + marks + ")",
          parameters(List.of(next, move.getKey().get(1), next > 0 ? "WAITING" : "COMPLETE", cluster, QuartzEngine.GROUP), names)));
    }
    Jdbc.inLists(clear, (names, marks) -> Jdbc.update(connection, "UPDATE QRTZ_SIMPROP_TRIGGERS SET LONG_PROP_1 = 0"
        + " WHERE SCHED_NAME = ? AND TRIGGER_GROUP = ? AND TRIGGER_NAME IN (" + marks + ")",
        parameters(List.of(cluster, QuartzEngine.GROUP), names)));
  }

  private static Object[] parameters(List<Object> first, List<String> names) {
    List<Object> all = new ArrayList<>(first);
    all.addAll(names);
    return all.toArray();
  }

  private Optional<Instant> next(Connection connection) throws SQLException {
    List<Long> next = Jdbc.query(connection, "SELECT MIN(NEXT_FIRE_TIME) FROM QRTZ_TRIGGERS WHERE SCHED_NAME = ?"
        + " AND TRIGGER_STATE = 'WAITING' AND TRIGGER_GROUP = ?", row -> {
          long time = row.getLong(1);
          return row.wasNull() ? null : time;
        }, cluster, QuartzEngine.GROUP);
    return next.isEmpty() || next.get(0) == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next.get(0)));
  }
}
