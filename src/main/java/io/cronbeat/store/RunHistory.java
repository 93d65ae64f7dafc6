package io.cronbeat.store;

import io.cronbeat.run.Attempt;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cb_runs} and {@code cb_attempts} as the history: runs and their attempts as recorded,
 * whatever their state, for the views, the watchdog and pruning. What is waiting or running, and
 * every write to it, is {@link RunQueue}'s; the writes of a node that owns a run are {@link RunLeases}'.
 */
public final class RunHistory {

  private static final String FINAL_STATES = "('SUCCEEDED','FAILED','TIMED_OUT','SKIPPED','MISSED','CANCELLED')";

  private final Jdbc jdbc;

  public RunHistory(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Run> find(long id) {
    return jdbc.one("SELECT * FROM cb_runs WHERE id = ?", RunHistory::run, id);
  }

  /** Runs of a job, newest first. */
  public List<Run> history(String job, int limit) {
    return jdbc.query("SELECT * FROM cb_runs WHERE job = ? ORDER BY id DESC LIMIT " + limit, RunHistory::run, job);
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
    return jdbc.query(sql.toString(), RunHistory::run, parameters.toArray());
  }

  public List<Attempt> attempts(long runId) {
    return jdbc.query("SELECT * FROM cb_attempts WHERE run_id = ? ORDER BY attempt", RunHistory::attempt, runId);
  }

  /** The attempts of these runs, in one query per {@value Jdbc#IN_LIST} runs: a page of runs with their attempts. */
  public Map<Long, List<Attempt>> attempts(List<Long> runIds) {
    Map<Long, List<Attempt>> attempts = new HashMap<>();
    Jdbc.inLists(runIds, (chunk, marks) -> jdbc.query("SELECT * FROM cb_attempts WHERE run_id IN (" + marks
        + ") ORDER BY run_id, attempt", row -> attempts.computeIfAbsent(row.getLong("run_id"), id -> new ArrayList<>())
        .add(attempt(row)), chunk.toArray()));
    return attempts;
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
    Jdbc.inLists(jobs, (chunk, marks) -> jdbc.query("SELECT j.name,"
        + " (SELECT MAX(r.scheduled_at) FROM cb_runs r WHERE r.job = j.name AND r.state = 'SUCCEEDED'),"
        + " (SELECT MAX(r.due_at) FROM cb_runs r WHERE r.job = j.name AND r.state = 'SUCCEEDED' AND r.scheduled_at IS NULL)"
        + " FROM cb_jobs j WHERE j.name IN (" + marks + ")",
        row -> {
          Long fired = row.getObject(2) == null ? null : row.getLong(2);
          Long byHand = row.getObject(3) == null ? null : row.getLong(3);
          Long newest = fired == null ? byHand : byHand == null ? fired : Long.valueOf(Math.max(fired, byHand));
          return newest == null ? null : last.put(row.getString(1), Instant.ofEpochMilli(newest));
        }, chunk.toArray()));
    return last;
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

  private static Attempt attempt(ResultSet row) throws SQLException {
    Long finished = Jdbc.nullableLong(row, "finished_at");
    Long exit = Jdbc.nullableLong(row, "exit_code");
    return new Attempt(row.getLong("run_id"), row.getInt("attempt"), row.getString("node_id"),
        Instant.ofEpochMilli(row.getLong("started_at")), finished == null ? null : Instant.ofEpochMilli(finished),
        OutcomeColumn.outcome(row.getString("outcome")), exit == null ? null : exit.intValue(), row.getString("log_path"),
        row.getString("output_tail"), row.getString("reason"), row.getString("cleanup"));
  }
}
