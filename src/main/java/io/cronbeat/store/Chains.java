package io.cronbeat.store;

import io.cronbeat.job.After;
import io.cronbeat.run.JobSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chains in the store: the edges a sync declares ({@code cb_chain_edges}), and the downstream
 * runs that an upstream run's end queues, written in the caller's transaction, the one that
 * records that end. So a crash either keeps both or neither, and the unique key on (job,
 * upstream run) keeps a downstream run from being queued twice for one upstream run.
 */
public final class Chains {

  /** The variables a downstream run gets, naming the upstream run that queued it. */
  public static final String RUN_ID = "CRONBEAT_UPSTREAM_RUN_ID";
  public static final String JOB = "CRONBEAT_UPSTREAM_JOB";
  public static final String STATE = "CRONBEAT_UPSTREAM_STATE";
  /** For {@code after: {all: ...}}: every upstream run that counted, {@code job=run} separated by commas. */
  public static final String RUNS = "CRONBEAT_UPSTREAM_RUNS";

  private final Dialect dialect;
  // The same mapping as JobTable's: a definition read here is written back as JobTable would.
  private final JsonMapper json = JsonMapper.builder().build();

  Chains(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Rewrites the edges of the jobs a sync adds, changes or removes; their waiting upstream runs are forgotten. */
  static void declare(Connection connection, Collection<JobSpec> saved, Collection<String> removed) throws SQLException {
    List<Object[]> gone = new ArrayList<>();
    saved.forEach(spec -> gone.add(new Object[] {spec.name()}));
    removed.forEach(name -> gone.add(new Object[] {name}));
    Jdbc.batch(connection, "DELETE FROM cb_chain_edges WHERE downstream = ?", gone);
    Jdbc.batch(connection, "DELETE FROM cb_chain_waiting WHERE downstream = ?", gone);
    List<Object[]> edges = new ArrayList<>();
    for (JobSpec spec : saved) {
      if (spec.after() != null) {
        spec.after().jobs().forEach(up -> edges.add(new Object[] {spec.name(), up, spec.after().need().name(),
            spec.after().on().name()}));
      }
    }
    Jdbc.batch(connection, "INSERT INTO cb_chain_edges (downstream, upstream, need, on_state) VALUES (?, ?, ?, ?)", edges);
  }

  /** An upstream run that has just ended, and an edge it may satisfy. */
  private record Ended(long runId, String job, String state, String downstream, After.Need need, After.On on) {}

  /**
   * Queues what these runs' ends call for, in the transaction that recorded the ends. Runs that
   * did not end SUCCEEDED, FAILED or TIMED_OUT, and manual runs not triggered with their
   * downstream jobs, call for nothing.
   *
   * @param ended when each run ended, by id: its downstream runs are due then
   * @return how many downstream runs were queued
   */
  int follow(Connection connection, Map<Long, Instant> ended) throws SQLException {
    // Without any edge nothing can follow, and most stores have none: one probe of an empty
    // table instead of reading every ended run's row (about a tenth of the outcome writer's CPU
    // in a drain of short runs on H2). What the join below would see is what this sees.
    if (ended.isEmpty() || Jdbc.query(connection, "SELECT upstream FROM cb_chain_edges LIMIT 1",
        row -> row.getString(1)).isEmpty()) {
      return 0;
    }
    List<Ended> rows = new ArrayList<>();
    Jdbc.inLists(ended.keySet(), (chunk, marks) -> {
      List<Object> parameters = new ArrayList<>(chunk);
      parameters.add(true);
      // Ordered by downstream job: the rows of cb_jobs an all: locks are taken in one order on every node.
      rows.addAll(Jdbc.query(connection, "SELECT r.id, r.job, r.state, r.kind, r.with_downstream, e.downstream, e.need,"
          + " e.on_state FROM cb_runs r JOIN cb_chain_edges e ON e.upstream = r.job WHERE r.id IN (" + marks
          + ") AND (r.kind IN ('SCHEDULED', 'CATCH_UP', 'CHAIN') OR r.with_downstream = ?) ORDER BY e.downstream, r.id",
          row -> new Ended(row.getLong(1), row.getString(2), row.getString(3), row.getString(6),
              After.Need.valueOf(row.getString(7)), After.On.valueOf(row.getString(8))),
          parameters.toArray()));
    });
    int queued = 0;
    for (Ended end : rows) {
      if (!end.on().matches(end.state())) {
        continue;
      }
      if (end.need() == After.Need.ANY) {
        queued += queue(connection, end, Map.of(end.job(), end.runId()), ended.get(end.runId()));
      } else {
        queued += gather(connection, end, ended.get(end.runId()));
      }
    }
    return queued;
  }

  /** {@code all:}: records this upstream run, and queues the downstream run when every upstream job has one. */
  private int gather(Connection connection, Ended end, Instant at) throws SQLException {
    // Locked so that two upstream runs ending at once on two nodes cannot both miss the other's row.
    Jdbc.query(connection, "SELECT name FROM cb_jobs WHERE name = ? FOR UPDATE", row -> row.getString(1), end.downstream());
    Jdbc.update(connection, "DELETE FROM cb_chain_waiting WHERE downstream = ? AND upstream = ?", end.downstream(), end.job());
    Jdbc.update(connection, "INSERT INTO cb_chain_waiting (downstream, upstream, run_id) VALUES (?, ?, ?)", end.downstream(),
        end.job(), end.runId());
    List<String> upstreams = Jdbc.query(connection, "SELECT upstream FROM cb_chain_edges WHERE downstream = ?",
        row -> row.getString(1), end.downstream());
    Map<String, Long> waiting = new TreeMap<>();
    Jdbc.query(connection, "SELECT upstream, run_id FROM cb_chain_waiting WHERE downstream = ?",
        row -> waiting.put(row.getString(1), row.getLong(2)), end.downstream());
    if (!waiting.keySet().containsAll(upstreams)) {
      return 0;
    }
    Jdbc.update(connection, "DELETE FROM cb_chain_waiting WHERE downstream = ?", end.downstream());
    waiting.keySet().retainAll(upstreams);
    return queue(connection, end, waiting, at);
  }

  /**
   * Queues one run of the downstream job with its upstream in its environment; a paused or
   * disabled downstream job gets its run recorded MISSED instead, so the history says why it did not run.
   */
  private int queue(Connection connection, Ended end, Map<String, Long> upstreamRuns, Instant at) throws SQLException {
    List<Object[]> jobs = Jdbc.query(connection, "SELECT definition, enabled, paused FROM cb_jobs WHERE name = ?",
        row -> new Object[] {row.getString(1), row.getBoolean(2), row.getBoolean(3)}, end.downstream());
    if (jobs.isEmpty()) {
      return 0; // removed by a sync since; its edges went with it
    }
    Map<String, String> env = new TreeMap<>();
    env.put(RUN_ID, Long.toString(end.runId()));
    env.put(JOB, end.job());
    env.put(STATE, end.state());
    List<String> runs = new ArrayList<>();
    upstreamRuns.forEach((job, run) -> runs.add(job + "=" + run));
    env.put(RUNS, String.join(",", runs));
    JobSpec spec = json.readValue((String) jobs.get(0)[0], JobSpec.class).withEnv(env);
    String missed = !(boolean) jobs.get(0)[1] ? "job disabled (enabled: false)" : (boolean) jobs.get(0)[2] ? RunQueue.PAUSED : null;
    List<Object> values = new ArrayList<>(List.of(end.downstream(), missed == null ? "QUEUED" : "MISSED", at.toEpochMilli(),
        spec.attempts(), at.toEpochMilli()));
    values.add(missed == null ? null : at.toEpochMilli());
    values.add(missed);
    values.add(json.writeValueAsString(spec));
    values.add(end.runId());
    if (dialect.repeatsChainKey()) {
      values.add(end.downstream());
      values.add(end.runId());
    }
    return Jdbc.update(connection, dialect.insertChained(), values.toArray());
  }
}
