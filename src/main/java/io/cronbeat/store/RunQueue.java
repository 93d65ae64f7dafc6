package io.cronbeat.store;

import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code cb_runs} as the queue: firings recorded, runs queued by hand, the due runs a node claims
 * from, cancelling, and the counts read off the queue index (state first), never the history
 * ({@link RunHistory}). A client that may retry, or flood, adds a run with an idempotency key and
 * a queue limit, each checked in the same transaction as the insert, so both hold under
 * concurrent requests on one node or several.
 */
public final class RunQueue {

  /** How long a key names its first run; a key older than that may queue a new one. */
  public static final Duration KEY_LIFETIME = Duration.ofHours(24);

  /** Queued runs with what a claim needs. */
  private static final String QUEUED = "SELECT id, job, kind, scheduled_at, due_at, attempts, max_attempts, lost_attempts,"
      + " definition FROM cb_runs WHERE state = 'QUEUED'";

  /**
   * An {@code Idempotency-Key} as the store keeps it.
   *
   * @param caller who sent it (keys of different callers never meet)
   * @param fingerprint a hash of the request, to tell a retry from another request under the same key
   */
  public record Key(String caller, String key, String fingerprint) {}

  /**
   * A run to queue for a client: what {@link #enqueue(Entry, Optional, OptionalInt, Instant)} takes.
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
   * Records the runs of a firing pass in the caller's transaction, in one batch. A run whose
   * (job, scheduled time) is recorded already is left as it is, so a firing is recorded once
   * whatever fired it twice.
   */
  public static void recordFirings(Connection connection, Dialect dialect, List<NewRun> runs, Instant now)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(dialect.insertFiring())) {
      int pending = 0;
      for (NewRun run : runs) {
        Jdbc.bind(insert, run.job(), run.kind().name(), run.scheduledAt().toEpochMilli(), run.state().name(),
            run.dueAt().toEpochMilli(), run.maxAttempts(), now.toEpochMilli(), run.state().isFinal() ? now.toEpochMilli() : null,
            run.reason());
        if (dialect.repeatsFiringKey()) {
          insert.setString(10, run.job());
          insert.setLong(11, run.scheduledAt().toEpochMilli());
        }
        insert.addBatch();
        if (++pending == BATCH) {
          insert.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
  }

  private static final int BATCH = 500;

  /**
   * Queued runs whose time has come, oldest first, with what a claim needs (no node, times of
   * earlier attempts or reason). Ordered by the whole index cb_runs_queue, state included:
   * only then does H2 read the first rows off the index instead of sorting every queued run.
   * (On PostgreSQL that index is (due_at, id) over queued runs only, and state = 'QUEUED' makes
   * the state's place in the order moot.)
   */
  public List<Run> due(Instant now, int limit) {
    return due(now, limit, List.of());
  }

  /**
   * As {@link #due(Instant, int)}, passing over the runs of {@code otherJobs}: those a node may
   * not run (their selector wants other nodes), which must not hide the runs it may.
   */
  public List<Run> due(Instant now, int limit, Collection<String> otherJobs) {
    String others = otherJobs.isEmpty() ? ""
        : " AND job NOT IN (" + String.join(", ", Collections.nCopies(otherJobs.size(), "?")) + ")";
    List<Object> parameters = new ArrayList<>();
    parameters.add(now.toEpochMilli());
    parameters.addAll(otherJobs);
    return jdbc.query(QUEUED + " AND due_at <= ?" + others + " ORDER BY state, due_at, id LIMIT " + limit, RunQueue::queued,
        parameters.toArray());
  }

  /** Queued runs due after {@code now} and by {@code until}, soonest first: those a node may claim ahead. */
  public List<Run> dueSoon(Instant now, Instant until, int limit) {
    return jdbc.query(QUEUED + " AND due_at > ? AND due_at <= ? ORDER BY state, due_at, id LIMIT " + limit,
        RunQueue::queued, now.toEpochMilli(), until.toEpochMilli());
  }

  /** Ends a queued run that cannot be started (its job is gone), unless someone took it first. */
  public boolean cancelQueued(long runId, Instant at, String reason) {
    return jdbc.update("UPDATE cb_runs SET state = 'CANCELLED', finished_at = ?, reason = ? WHERE id = ? AND state = 'QUEUED'",
        at.toEpochMilli(), reason, runId) == 1;
  }

  /** Running runs of this node that someone asked to stop. */
  public List<Long> cancelRequested(String nodeId) {
    return jdbc.query("SELECT id FROM cb_runs WHERE node_id = ? AND state = 'RUNNING' AND cancel_requested = ?",
        row -> row.getLong(1), nodeId, true);
  }

  /**
   * Cancels a run: a queued one at once, a running one by asking its node to stop it.
   *
   * @return the state the run was in, or empty when there is no such run
   */
  public Optional<RunState> cancel(long runId, Instant now, String reason) {
    return jdbc.transaction(connection -> {
      List<RunState> states = Jdbc.query(connection, "SELECT state FROM cb_runs WHERE id = ?",
          row -> RunState.valueOf(row.getString(1)), runId);
      if (states.isEmpty()) {
        return Optional.empty();
      }
      Jdbc.update(connection, "UPDATE cb_runs SET state = 'CANCELLED', finished_at = ?, reason = ? WHERE id = ? AND state = 'QUEUED'",
          now.toEpochMilli(), reason, runId);
      Jdbc.update(connection, "UPDATE cb_runs SET cancel_requested = ?, reason = ? WHERE id = ? AND state = 'RUNNING'",
          true, reason, runId);
      return Optional.of(states.get(0));
    });
  }

  /** Why a firing of a paused job was not run. */
  public static final String PAUSED = "job paused";

  /** How many runs are queued and due, queued for later, and running. */
  public record Counts(int due, int later, int running) {}

  public Counts counts(Instant now) {
    return jdbc.one("SELECT SUM(CASE WHEN state = 'QUEUED' AND due_at <= ? THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN state = 'QUEUED' AND due_at > ? THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN state = 'RUNNING' THEN 1 ELSE 0 END) FROM cb_runs"
        // Over the queue index only, not the whole history: /metrics asks this at every scrape.
        + " WHERE state IN ('QUEUED', 'RUNNING')",
        row -> new Counts(row.getInt(1), row.getInt(2), row.getInt(3)), now.toEpochMilli(), now.toEpochMilli()).orElseThrow();
  }

  /** The running runs of each concurrency group that has any, off the queue index. */
  public Map<String, Integer> runningByGroup() {
    Map<String, Integer> running = new HashMap<>();
    jdbc.query("SELECT concurrency_group, COUNT(*) FROM cb_runs WHERE state = 'RUNNING' AND concurrency_group IS NOT NULL"
        + " GROUP BY concurrency_group", row -> running.put(row.getString(1), row.getInt(2)));
    return running;
  }

  /**
   * The queued runs of each job that has some due by {@code now}, off the queue index.
   *
   * @param runs how many
   * @param oldestDue when the oldest of them was due
   */
  public record DueOfJob(int runs, Instant oldestDue) {}

  public Map<String, DueOfJob> dueByJob(Instant now) {
    Map<String, DueOfJob> due = new HashMap<>();
    jdbc.query("SELECT job, COUNT(*), MIN(due_at) FROM cb_runs WHERE state = 'QUEUED' AND due_at <= ? GROUP BY job",
        row -> due.put(row.getString(1), new DueOfJob(row.getInt(2), Instant.ofEpochMilli(row.getLong(3)))),
        now.toEpochMilli());
    return due;
  }

  /** How many runs each node is running now, off the queue index. */
  public Map<String, Integer> runningByNode() {
    Map<String, Integer> running = new HashMap<>();
    jdbc.query("SELECT node_id, COUNT(*) FROM cb_runs WHERE state = 'RUNNING' GROUP BY node_id",
        row -> running.put(row.getString(1), row.getInt(2)));
    return running;
  }

  /** Forgets the API's idempotency keys sent before {@code before}; returns how many. */
  public int forgetIdempotencyKeys(Instant before) {
    return jdbc.update("DELETE FROM cb_idempotency WHERE created_at < ?", before.toEpochMilli());
  }

  private static Run queued(ResultSet row) throws SQLException {
    Long scheduled = Jdbc.nullableLong(row, "scheduled_at");
    return new Run(row.getLong("id"), row.getString("job"), RunKind.valueOf(row.getString("kind")),
        scheduled == null ? null : Instant.ofEpochMilli(scheduled), RunState.QUEUED, Instant.ofEpochMilli(row.getLong("due_at")),
        row.getInt("attempts"), row.getInt("max_attempts"), null, null, null, null, null, row.getString("definition"),
        row.getInt("lost_attempts"));
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
