package io.cronbeat.store;

import io.cronbeat.run.Attempt;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code cb_runs} and {@code cb_attempts}: the durable queue and the history. */
public final class RunStore {

  private static final String FINAL_STATES = "('SUCCEEDED','FAILED','TIMED_OUT','SKIPPED','MISSED','CANCELLED')";

  /** Queued runs with what a claim needs. */
  private static final String QUEUED = "SELECT id, job, kind, scheduled_at, due_at, attempts, max_attempts, lost_attempts,"
      + " definition FROM cb_runs WHERE state = 'QUEUED'";

  private final Jdbc jdbc;

  public RunStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records a firing. A second record of the same (job, scheduled time) is refused by the
   * unique key, so a firing is recorded once whatever fired it twice.
   *
   * @return the run's id, or empty when that firing was already recorded
   */
  public Optional<Long> recordFiring(String job, RunKind kind, Instant scheduledAt, RunState state, Instant dueAt,
      int maxAttempts, Instant now, String reason) {
    try {
      return Optional.of(jdbc.transaction(connection -> Jdbc.insert(connection,
          "INSERT INTO cb_runs (job, kind, scheduled_at, state, due_at, attempts, max_attempts, created_at, finished_at, reason)"
              + " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
          job, kind.name(), scheduledAt.toEpochMilli(), state.name(), dueAt.toEpochMilli(), maxAttempts,
          now.toEpochMilli(), state.isFinal() ? now.toEpochMilli() : null, reason)));
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException sql && Jdbc.isDuplicate(sql)) {
        return Optional.empty();
      }
      throw e;
    }
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

  /** Queues a run that no schedule fired: a manual trigger or a submitted command. */
  public long enqueue(String job, RunKind kind, Instant dueAt, int maxAttempts, Instant now, String definition) {
    return jdbc.transaction(connection -> Jdbc.insert(connection,
        "INSERT INTO cb_runs (job, kind, state, due_at, attempts, max_attempts, created_at, definition)"
            + " VALUES (?, ?, 'QUEUED', ?, 0, ?, ?, ?)",
        job, kind.name(), dueAt.toEpochMilli(), maxAttempts, now.toEpochMilli(), definition));
  }

  /**
   * Queued runs whose time has come, oldest first, with what a claim needs (no node, times of
   * earlier attempts or reason). Ordered by the whole index cb_runs_queue, state included:
   * only then does H2 read the first rows off the index instead of sorting every queued run.
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
    return jdbc.query(QUEUED + " AND due_at <= ?" + others + " ORDER BY state, due_at, id LIMIT " + limit, RunStore::queued,
        parameters.toArray());
  }

  /** Queued runs due after {@code now} and by {@code until}, soonest first: those a node may claim ahead. */
  public List<Run> dueSoon(Instant now, Instant until, int limit) {
    return jdbc.query(QUEUED + " AND due_at > ? AND due_at <= ? ORDER BY state, due_at, id LIMIT " + limit,
        RunStore::queued, now.toEpochMilli(), until.toEpochMilli());
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

  public Optional<Run> find(long id) {
    return jdbc.one("SELECT * FROM cb_runs WHERE id = ?", RunStore::run, id);
  }

  /** Runs of a job, newest first. */
  public List<Run> history(String job, int limit) {
    return jdbc.query("SELECT * FROM cb_runs WHERE job = ? ORDER BY id DESC LIMIT " + limit, RunStore::run, job);
  }

  /**
   * The newest finished run of every job that has one, in one query: {@code scheduler list}
   * asked once per job. A window rather than a join, so no plan depends on fresh statistics.
   */
  public Map<String, Run> lastFinished() {
    Map<String, Run> last = new HashMap<>();
    jdbc.query("SELECT * FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY job ORDER BY id DESC) AS newest FROM cb_runs r"
        + " WHERE state IN " + FINAL_STATES + ") finished WHERE newest = 1", row -> last.put(row.getString("job"), run(row)));
    return last;
  }

  /** The newest {@code perJob} runs of every job, whatever their state, newest first: the dashboard's strip. */
  public Map<String, List<Run>> recent(int perJob) {
    Map<String, List<Run>> recent = new HashMap<>();
    jdbc.query("SELECT * FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY job ORDER BY id DESC) AS newest FROM cb_runs r)"
        + " numbered WHERE newest <= ? ORDER BY job, id DESC",
        row -> recent.computeIfAbsent(row.getString("job"), job -> new ArrayList<>()).add(run(row).withoutDefinition()),
        perJob);
    return recent;
  }

  /**
   * The firing (or, for a manual run, the due time) of each job's newest SUCCEEDED run, for these
   * jobs of the store, a query per few hundred names: what the watchdog measures its firings
   * against. Two scalar subqueries per job rather than a MAX over a GROUP BY: each is one probe
   * at the end of the job's successes in cb_runs_success, where the GROUP BY read every run of
   * every job asked about (0.96 ms instead of 30 ms for 40 jobs of 1,000 runs on PostgreSQL).
   */
  public Map<String, Instant> lastSucceeded(List<String> jobs) {
    Map<String, Instant> last = new HashMap<>();
    for (int start = 0; start < jobs.size(); start += IN_LIST) {
      List<String> chunk = jobs.subList(start, Math.min(jobs.size(), start + IN_LIST));
      jdbc.query("SELECT j.name,"
          + " (SELECT MAX(r.scheduled_at) FROM cb_runs r WHERE r.job = j.name AND r.state = 'SUCCEEDED'),"
          + " (SELECT MAX(r.due_at) FROM cb_runs r WHERE r.job = j.name AND r.state = 'SUCCEEDED' AND r.scheduled_at IS NULL)"
          + " FROM cb_jobs j WHERE j.name IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")",
          row -> {
            Long fired = row.getObject(2) == null ? null : row.getLong(2);
            Long byHand = row.getObject(3) == null ? null : row.getLong(3);
            Long newest = fired == null ? byHand : byHand == null ? fired : Long.valueOf(Math.max(fired, byHand));
            return newest == null ? null : last.put(row.getString(1), Instant.ofEpochMilli(newest));
          }, chunk.toArray());
    }
    return last;
  }

  /** The attempts of these runs, in one query per {@value #IN_LIST} runs: a page of runs with their attempts. */
  public Map<Long, List<Attempt>> attempts(List<Long> runIds) {
    Map<Long, List<Attempt>> attempts = new HashMap<>();
    for (int start = 0; start < runIds.size(); start += IN_LIST) {
      List<Long> chunk = runIds.subList(start, Math.min(runIds.size(), start + IN_LIST));
      jdbc.query("SELECT * FROM cb_attempts WHERE run_id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?"))
          + ") ORDER BY run_id, attempt", row -> attempts.computeIfAbsent(row.getLong("run_id"), id -> new ArrayList<>())
          .add(attempt(row)), chunk.toArray());
    }
    return attempts;
  }

  private static final int IN_LIST = 500;

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

  public List<Attempt> attempts(long runId) {
    return jdbc.query("SELECT * FROM cb_attempts WHERE run_id = ? ORDER BY attempt", RunStore::attempt, runId);
  }

  /** The state of the job's last finished run before this one that succeeded or failed, if any. */
  public Optional<RunState> previousOutcome(String job, long beforeRunId) {
    return jdbc.one("SELECT state FROM cb_runs WHERE job = ? AND id < ? AND state IN ('SUCCEEDED','FAILED','TIMED_OUT')"
        + " ORDER BY id DESC LIMIT 1", row -> RunState.valueOf(row.getString(1)), job, beforeRunId);
  }

  /**
   * Deletes finished runs of a job beyond the newest {@code keep} or older than {@code before}.
   *
   * @return the log files of the deleted attempts, for the caller to remove
   */
  public List<String> prune(String job, int keep, Instant before) {
    return jdbc.transaction(connection -> {
      List<Long> cut = Jdbc.query(connection, "SELECT id FROM cb_runs WHERE job = ? ORDER BY id DESC LIMIT 1 OFFSET " + keep,
          row -> row.getLong(1), job);
      long cutoffId = cut.isEmpty() ? -1 : cut.get(0) + 1;
      String doomed = "SELECT id FROM cb_runs WHERE job = ? AND state IN " + FINAL_STATES + " AND (id < ? OR finished_at < ?)";
      Object[] parameters = {job, cutoffId, before.toEpochMilli()};
      List<String> logs = Jdbc.query(connection,
          "SELECT log_path FROM cb_attempts WHERE log_path IS NOT NULL AND run_id IN (" + doomed + ")", row -> row.getString(1),
          parameters);
      Jdbc.update(connection, "DELETE FROM cb_attempts WHERE run_id IN (" + doomed + ")", parameters);
      Jdbc.update(connection, "DELETE FROM cb_runs WHERE job = ? AND state IN " + FINAL_STATES + " AND (id < ? OR finished_at < ?)",
          parameters);
      return logs;
    });
  }

  /**
   * Runs newest first, optionally of one job, in one state, or created since an instant.
   */
  public List<Run> query(String job, RunState state, Instant since, int limit) {
    return query(job, state, since, null, limit);
  }

  /**
   * Runs newest first, as {@link #query(String, RunState, Instant, int)}, with ids below
   * {@code before} only (a page after the one that ended there), when it is not null.
   */
  public List<Run> query(String job, RunState state, Instant since, Long before, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM cb_runs WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (job != null) {
      sql.append(" AND job = ?");
      parameters.add(job);
    }
    if (state != null) {
      sql.append(" AND state = ?");
      parameters.add(state.name());
    }
    if (since != null) {
      sql.append(" AND created_at >= ?");
      parameters.add(since.toEpochMilli());
    }
    if (before != null) {
      sql.append(" AND id < ?");
      parameters.add(before);
    }
    sql.append(" ORDER BY id DESC LIMIT ").append(limit);
    return jdbc.query(sql.toString(), RunStore::run, parameters.toArray());
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

  /**
   * Firings recorded as MISSED while a job was paused become catch-up runs, as many as its
   * policy says (the newest ones), queued now.
   *
   * @return the ids queued
   */
  public List<Long> queuePausedFirings(String job, Instant pausedAt, int count, Instant now) {
    if (count <= 0) {
      return List.of();
    }
    return jdbc.transaction(connection -> {
      List<Long> ids = Jdbc.query(connection, "SELECT id FROM cb_runs WHERE job = ? AND state = 'MISSED' AND reason = ?"
          + " AND scheduled_at >= ? ORDER BY scheduled_at DESC LIMIT " + count, row -> row.getLong(1), job, PAUSED, pausedAt.toEpochMilli());
      for (long id : ids) {
        Jdbc.update(connection, "UPDATE cb_runs SET state = 'QUEUED', kind = 'CATCH_UP', due_at = ?, finished_at = NULL,"
            + " reason = NULL WHERE id = ?", now.toEpochMilli(), id);
      }
      return ids;
    });
  }

  /** Why a firing of a paused job was not run. */
  public static final String PAUSED = "job paused";

  /** Forgets the API's idempotency keys sent before {@code before} (see {@link RunQueue}); returns how many. */
  public int forgetIdempotencyKeys(Instant before) {
    return jdbc.update("DELETE FROM cb_idempotency WHERE created_at < ?", before.toEpochMilli());
  }

  /** Jobs that have any run, for pruning. */
  public List<String> jobsWithRuns() {
    return jdbc.query("SELECT DISTINCT job FROM cb_runs", row -> row.getString(1));
  }

  static Run run(ResultSet row) throws SQLException {
    Long scheduled = Jdbc.nullableLong(row, "scheduled_at");
    Long started = Jdbc.nullableLong(row, "started_at");
    Long finished = Jdbc.nullableLong(row, "finished_at");
    Long exit = Jdbc.nullableLong(row, "exit_code");
    return new Run(row.getLong("id"), row.getString("job"), RunKind.valueOf(row.getString("kind")),
        scheduled == null ? null : Instant.ofEpochMilli(scheduled), RunState.valueOf(row.getString("state")),
        Instant.ofEpochMilli(row.getLong("due_at")), row.getInt("attempts"), row.getInt("max_attempts"),
        row.getString("node_id"), started == null ? null : Instant.ofEpochMilli(started),
        finished == null ? null : Instant.ofEpochMilli(finished), exit == null ? null : exit.intValue(), row.getString("reason"),
        row.getString("definition"), row.getInt("lost_attempts"), Jdbc.nullableLong(row, "upstream_run_id"));
  }

  private static Run queued(ResultSet row) throws SQLException {
    Long scheduled = Jdbc.nullableLong(row, "scheduled_at");
    return new Run(row.getLong("id"), row.getString("job"), RunKind.valueOf(row.getString("kind")),
        scheduled == null ? null : Instant.ofEpochMilli(scheduled), RunState.QUEUED, Instant.ofEpochMilli(row.getLong("due_at")),
        row.getInt("attempts"), row.getInt("max_attempts"), null, null, null, null, null, row.getString("definition"),
        row.getInt("lost_attempts"));
  }

  private static Attempt attempt(ResultSet row) throws SQLException {
    Long finished = Jdbc.nullableLong(row, "finished_at");
    Long exit = Jdbc.nullableLong(row, "exit_code");
    return new Attempt(row.getLong("run_id"), row.getInt("attempt"), row.getString("node_id"),
        Instant.ofEpochMilli(row.getLong("started_at")), finished == null ? null : Instant.ofEpochMilli(finished),
        OutcomeColumn.outcome(row.getString("outcome")), exit == null ? null : exit.intValue(), row.getString("log_path"),
        row.getString("output_tail"), row.getString("reason"), row.getString("cleanup"));
  }
}
