package io.cronbeat.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** {@code cb_notifications}: each notice sent to a hook, and how its delivery went. */
public final class NotificationTable {

  /** Where a delivery is. */
  public enum State { SENDING, RETRYING, DELIVERED, FAILED }

  /**
   * One notice to one hook.
   *
   * @param target the webhook's URL without user info or query, placeholders unfilled; or "command"
   * @param lastStatus the HTTP status of the last try (or the command's exit code), if it got one
   * @param lastError why the last try failed, secrets left out
   */
  public record Delivery(long id, String job, Long runId, String event, String target, State state, int tries,
      Integer lastStatus, String lastError, Instant createdAt, Instant updatedAt) {}

  private final Jdbc jdbc;

  public NotificationTable(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Records a notice about to be sent; returns its id. */
  public long opened(String job, Long runId, String event, String target, Instant now) {
    return jdbc.transaction(connection -> Jdbc.insert(connection,
        "INSERT INTO cb_notifications (job, run_id, event, target, state, tries, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, 'SENDING', 0, ?, ?)",
        job, runId, event, target, now.toEpochMilli(), now.toEpochMilli()));
  }

  /** Records the outcome of one more try. */
  public void tried(long id, State state, int tries, Integer status, String error, Instant now) {
    jdbc.update("UPDATE cb_notifications SET state = ?, tries = ?, last_status = ?, last_error = ?, updated_at = ? WHERE id = ?",
        state.name(), tries, status, error == null ? null : error.substring(0, Math.min(1000, error.length())),
        now.toEpochMilli(), id);
  }

  /** The notices about a run, oldest first. */
  public List<Delivery> ofRun(long runId) {
    return jdbc.query("SELECT * FROM cb_notifications WHERE run_id = ? ORDER BY id", NotificationTable::row, runId);
  }

  /** A job's notices, newest first. */
  public List<Delivery> ofJob(String job, int limit) {
    return jdbc.query("SELECT * FROM cb_notifications WHERE job = ? ORDER BY id DESC LIMIT " + limit, NotificationTable::row, job);
  }

  private static Delivery row(ResultSet row) throws SQLException {
    Long runId = Jdbc.nullableLong(row, "run_id");
    Long status = Jdbc.nullableLong(row, "last_status");
    return new Delivery(row.getLong("id"), row.getString("job"), runId, row.getString("event"), row.getString("target"),
        State.valueOf(row.getString("state")), row.getInt("tries"), status == null ? null : status.intValue(),
        row.getString("last_error"), Instant.ofEpochMilli(row.getLong("created_at")),
        Instant.ofEpochMilli(row.getLong("updated_at")));
  }
}
