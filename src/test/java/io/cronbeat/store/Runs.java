package io.cronbeat.store;

import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A test's two views of {@code cb_runs} on one pool: the queue it fills and the history it reads
 * back; and the two ways a test fills it by hand, through the paths the code itself takes.
 */
public record Runs(RunQueue queue, RunHistory history, Jdbc jdbc) {

  public static Runs of(Jdbc jdbc) {
    return new Runs(new RunQueue(jdbc), new RunHistory(jdbc), jdbc);
  }

  /** Queues a run as the CLI does: no idempotency key, no queue limit. */
  public long enqueue(String job, RunKind kind, Instant dueAt, int maxAttempts, Instant now, String definition) {
    RunQueue.Outcome queued = queue.enqueue(new RunQueue.Entry(job, kind, dueAt, maxAttempts, definition), Optional.empty(),
        OptionalInt.empty(), now);
    return ((RunQueue.Outcome.Queued) queued).runId();
  }

  /**
   * Records one firing as a firing pass does ({@link RunQueue#recordFirings}).
   *
   * @return its run's id, or empty when that (job, scheduled time) was recorded already
   */
  public Optional<Long> recordFiring(String job, RunKind kind, Instant scheduledAt, RunState state, Instant dueAt,
      int maxAttempts, Instant now, String reason) {
    return jdbc.transaction(connection -> {
      if (!firing(connection, job, scheduledAt).isEmpty()) {
        return Optional.empty();
      }
      RunQueue.recordFirings(connection, Dialect.of(connection.getMetaData().getURL()),
          List.of(new NewRun(job, kind, scheduledAt, state, dueAt, maxAttempts, reason)), now);
      return Optional.of(firing(connection, job, scheduledAt).get(0));
    });
  }

  private static List<Long> firing(Connection connection, String job, Instant scheduledAt) throws SQLException {
    return Jdbc.query(connection, "SELECT id FROM cb_runs WHERE job = ? AND scheduled_at = ?", row -> row.getLong(1), job,
        scheduledAt.toEpochMilli());
  }
}
