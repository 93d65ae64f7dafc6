package io.cronbeat.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The firings of a paused job, recorded MISSED with {@link RunQueue#PAUSED}, that a resume may queue. */
final class PausedFirings {

  /** One such firing: its run and its fire time. */
  record Missed(long runId, Instant scheduledAt) {}

  private PausedFirings() {}

  /**
   * The newest {@code limit} since the pause, newest first. A pause with no recorded start (made
   * before migration V3) counts from the job's last firing that was not missed for a pause: what
   * an earlier pause missed, its resume decided about then.
   */
  static List<Missed> newest(Connection connection, String job, Optional<Instant> pausedAt, int limit) throws SQLException {
    if (limit <= 0) {
      return List.of();
    }
    long since = pausedAt.isPresent() ? pausedAt.get().toEpochMilli() : afterLastUnpaused(connection, job);
    return Jdbc.query(connection, "SELECT id, scheduled_at FROM cb_runs WHERE job = ? AND state = 'MISSED' AND reason = ?"
        + " AND scheduled_at >= ? ORDER BY scheduled_at DESC LIMIT " + limit,
        row -> new Missed(row.getLong(1), Instant.ofEpochMilli(row.getLong(2))), job, RunQueue.PAUSED, since);
  }

  private static long afterLastUnpaused(Connection connection, String job) throws SQLException {
    List<Long> last = Jdbc.query(connection, "SELECT MAX(scheduled_at) FROM cb_runs WHERE job = ?"
        + " AND NOT (state = 'MISSED' AND COALESCE(reason, '') = ?)", row -> {
          long value = row.getLong(1);
          return row.wasNull() ? null : value;
        }, job, RunQueue.PAUSED);
    return last.get(0) == null ? Long.MIN_VALUE : last.get(0) + 1;
  }

  /**
   * These become catch-up runs, due now; returns the runs queued. The rows were read unlocked, so
   * one pruned meanwhile is left out rather than reported queued.
   */
  static List<Long> queue(Connection connection, List<Missed> firings, Instant now) throws SQLException {
    int[] counts = Jdbc.batch(connection, "UPDATE cb_runs SET state = 'QUEUED', kind = 'CATCH_UP', due_at = ?,"
        + " finished_at = NULL, reason = NULL WHERE id = ? AND state = 'MISSED'",
        firings.stream().map(f -> new Object[] {now.toEpochMilli(), f.runId()}).toList());
    List<Long> queued = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) { // 1, or a driver's "done, count unknown"
        queued.add(firings.get(i).runId());
      }
    }
    return queued;
  }
}
