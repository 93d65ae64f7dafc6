package io.cronbeat.store;

import io.cronbeat.run.RunKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Adding a run to the queue on behalf of a client that may retry, or flood: an idempotency key
 * and a queue limit, each checked in the same transaction as the insert, so both hold under
 * concurrent requests on one node or several.
 */
public final class RunQueue {

  /** How long a key names its first run; a key older than that may queue a new one. */
  public static final Duration KEY_LIFETIME = Duration.ofHours(24);

  /**
   * An {@code Idempotency-Key} as the store keeps it.
   *
   * @param caller who sent it (keys of different callers never meet)
   * @param fingerprint a hash of the request, to tell a retry from another request under the same key
   */
  public record Key(String caller, String key, String fingerprint) {}

  /**
   * A run to queue: what {@link RunStore#enqueue} takes.
   *
   * @param withDownstream its end queues its job's downstream jobs, as a firing's would
   */
  public record Entry(String job, RunKind kind, Instant dueAt, int maxAttempts, String definition, boolean withDownstream) {

    public Entry(String job, RunKind kind, Instant dueAt, int maxAttempts, String definition) {
      this(job, kind, dueAt, maxAttempts, definition, false);
    }
  }

  /** What became of a request. */
  public sealed interface Outcome {
    /** Queued now. */
    record Queued(long runId) implements Outcome {}
    /** The key named this run already: nothing queued. */
    record Repeated(long runId) implements Outcome {}
    /** The key was used for another request: nothing queued. */
    record KeyReused(long runId) implements Outcome {}
    /** The queue holds {@code limit} runs not yet started: nothing queued. */
    record Full(int limit) implements Outcome {}
  }

  private final Jdbc jdbc;

  public RunQueue(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Queues a run unless the key names a run already or the queue is full.
   *
   * @param limit the most queued runs (not yet started) after which nothing is added; empty: no limit
   */
  public Outcome enqueue(Entry entry, Optional<Key> key, OptionalInt limit, Instant now) {
    try {
      return jdbc.transaction(connection -> {
        if (key.isPresent()) {
          Optional<Outcome> known = known(connection, key.get(), now);
          if (known.isPresent()) {
            return known.get();
          }
        }
        if (limit.isPresent()) {
          // Counted under a lock: two submits cannot both see room for one more run.
          Jdbc.query(connection, "SELECT name FROM cb_locks WHERE name = 'queue' FOR UPDATE", row -> row.getString(1));
          if (queued(connection) >= limit.getAsInt()) {
            return new Outcome.Full(limit.getAsInt());
          }
        }
        long id = Jdbc.insert(connection, "INSERT INTO cb_runs (job, kind, state, due_at, attempts, max_attempts, created_at,"
            + " definition, with_downstream) VALUES (?, ?, 'QUEUED', ?, 0, ?, ?, ?, ?)", entry.job(), entry.kind().name(),
            entry.dueAt().toEpochMilli(), entry.maxAttempts(), now.toEpochMilli(), entry.definition(), entry.withDownstream());
        if (key.isPresent()) {
          // A concurrent request with the same key fails here, and its run goes with its transaction.
          Jdbc.update(connection, "INSERT INTO cb_idempotency (caller, idem_key, fingerprint, run_id, created_at)"
              + " VALUES (?, ?, ?, ?, ?)", key.get().caller(), key.get().key(), key.get().fingerprint(), id, now.toEpochMilli());
        }
        return new Outcome.Queued(id);
      });
    } catch (StoreException e) {
      if (key.isPresent() && e.getCause() instanceof SQLException sql && (Jdbc.isDuplicate(sql) || lockTimeout(sql))) {
        // The other request won: answer as its retry would be answered.
        return jdbc.transaction(connection -> known(connection, key.get(), now)).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  /** H2 reports a wait for another transaction's uncommitted key as a lock timeout, not a duplicate. */
  private static boolean lockTimeout(SQLException e) {
    return "HYT00".equals(e.getSQLState());
  }

  private static Optional<Outcome> known(Connection connection, Key key, Instant now) throws SQLException {
    List<Object[]> rows = Jdbc.query(connection, "SELECT fingerprint, run_id, created_at FROM cb_idempotency"
        + " WHERE caller = ? AND idem_key = ?", row -> new Object[] {row.getString(1), row.getLong(2), row.getLong(3)},
        key.caller(), key.key());
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = rows.get(0);
    if ((long) row[2] < now.minus(KEY_LIFETIME).toEpochMilli()) {
      Jdbc.update(connection, "DELETE FROM cb_idempotency WHERE caller = ? AND idem_key = ?", key.caller(), key.key());
      return Optional.empty();
    }
    long runId = (long) row[1];
    return Optional.of(key.fingerprint().equals(row[0]) ? new Outcome.Repeated(runId) : new Outcome.KeyReused(runId));
  }

  /** Runs queued and not yet started, all nodes': counted off the queue index (state first), never the history. */
  public int queued() {
    return jdbc.transaction(RunQueue::queued);
  }

  private static int queued(Connection connection) throws SQLException {
    return Jdbc.query(connection, "SELECT COUNT(*) FROM cb_runs WHERE state = 'QUEUED'", row -> row.getInt(1)).get(0);
  }
}
