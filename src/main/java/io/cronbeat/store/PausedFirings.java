package io.cronbeat.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The firings of a paused job, recorded MISSED with {@link RunQueue#PAUSED}, that a resume may queue. */
final class PausedFirings {

  /** One such firing: its run and its fire time. */
  record Missed(long runId, Instant scheduledAt) {}

  private PausedFirings() {}

  /** The newest {@code limit} since the pause, newest first. */
  static List<Missed> newest(Connection connection, String job, Instant pausedAt, int limit) throws SQLException {
    if (limit <= 0) {
      return List.of();
    }
    return Jdbc.query(connection, "SELECT id, scheduled_at FROM cb_runs WHERE job = ? AND state = 'MISSED' AND reason = ?"
        + " AND scheduled_at >= ? ORDER BY scheduled_at DESC LIMIT " + limit,
        row -> new Missed(row.getLong(1), Instant.ofEpochMilli(row.getLong(2))), job, RunQueue.PAUSED, pausedAt.toEpochMilli());
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
