package io.cronbeat.store;

import io.cronbeat.job.Overlap;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The statements of a claim, for one run or many in one transaction. Each run's claim is a
 * compare-and-set on its attempt count, so a run another node claimed first, or one read
 * before its last attempt, is TAKEN and never started twice; where the database can, rows
 * another claim holds are passed over instead of waited for. The statements are the same
 * however many runs: lock the jobs with an overlap rule, read their running runs, lock the
 * queued rows, claim, open the attempts.
 */
final class ClaimBatch {

  /**
   * Parameters: node, lease deadline, planned start (of the first attempt), concurrency group (or
   * null), run id, attempts seen, due time seen. A run may be claimed a moment before its due time, to start at that
   * instant; one whose due time moved since it was read (a retry's backoff) is not, and the next pass reads it again.
   * The due time is compared for equality, not "due_at <= ?": with a range, PostgreSQL could find the run through the
   * queue index by due time (a plan made while the table was small is kept) and read every queued entry before it,
   * dead ones included; with equality any index it takes finds the run's own entries (V15).
   */
  static final String CLAIM = "UPDATE cb_runs SET state = 'RUNNING', node_id = ?, lease_until = ?, attempts = attempts + 1,"
      + " started_at = COALESCE(started_at, ?), cancel_requested = ?, reason = NULL, concurrency_group = ?"
      + " WHERE id = ? AND state = 'QUEUED' AND attempts = ? AND due_at = ?";
  static final String OPEN_ATTEMPT = "INSERT INTO cb_attempts (run_id, attempt, node_id, host, boot_id, started_at, log_path)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?)";

  private ClaimBatch() {}

  static Object[] claim(ClaimRequest request, Claimant claimant) {
    Run run = request.run();
    return new Object[] {claimant.nodeId(), claimant.leaseUntil().toEpochMilli(), plannedStart(run, claimant), false,
        request.group() == null ? null : request.group().name(), run.id(), run.attempts(), run.dueAt().toEpochMilli()};
  }

  static Object[] openAttempt(Run run, Claimant claimant, String logPath) {
    return new Object[] {run.id(), run.attempts() + 1, claimant.nodeId(), claimant.host(), claimant.bootId(),
        plannedStart(run, claimant), logPath};
  }

  /** Now, or the due time of a run claimed ahead of it; the attempt's outcome corrects a later start. */
  private static long plannedStart(Run run, Claimant claimant) {
    return Math.max(claimant.now().toEpochMilli(), run.dueAt().toEpochMilli());
  }

  /**
   * Claims the runs in one transaction, each under its overlap rule: the rows of the jobs whose
   * rule looks at running runs are locked first (in name order, so two claimants never wait on
   * each other crosswise), their running runs read in one query, and every run free to start is
   * claimed in one batch, within its concurrency group's limit ({@link GroupSlots}). A run held
   * back by a running one is decided as {@link #heldBack} says.
   *
   * @return one claim per request, in order
   */
  static List<Claim> claimAll(Connection connection, Dialect dialect, List<ClaimRequest> requests, Claimant claimant)
      throws SQLException {
    Map<String, Long> running = lockJobsAndReadRunning(connection, requests);
    List<Claim> result = new ArrayList<>(Collections.nCopies(requests.size(), Claim.of(Claim.Result.TAKEN)));
    List<Integer> free = new ArrayList<>();
    Map<Integer, Long> blocked = new LinkedHashMap<>();
    Map<Integer, Integer> behind = new LinkedHashMap<>();
    Map<String, Integer> firstOfJob = new HashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      ClaimRequest request = requests.get(i);
      String job = request.run().job();
      if (request.overlap() == Overlap.ALLOW) {
        free.add(i);
      } else if (running.containsKey(job)) {
        blocked.put(i, running.get(job));
      } else if (firstOfJob.containsKey(job)) {
        behind.put(i, firstOfJob.get(job)); // a backlog of one job: the first one starts, the next see it running
      } else {
        firstOfJob.put(job, i);
        free.add(i);
      }
    }
    claimFree(connection, dialect, requests, GroupSlots.admit(connection, dialect, requests, free, result), claimant, result);
    for (Map.Entry<Integer, Long> entry : blocked.entrySet()) {
      result.set(entry.getKey(), heldBack(connection, requests.get(entry.getKey()), entry.getValue(), claimant.now()));
    }
    for (Map.Entry<Integer, Integer> entry : behind.entrySet()) {
      int first = entry.getValue();
      result.set(entry.getKey(), result.get(first).result() == Claim.Result.CLAIMED
          ? heldBack(connection, requests.get(entry.getKey()), requests.get(first).run().id(), claimant.now())
          : Claim.of(Claim.Result.NOT_YET));
    }
    return result;
  }

  private static void claimFree(Connection connection, Dialect dialect, List<ClaimRequest> requests, List<Integer> free,
      Claimant claimant, List<Claim> result) throws SQLException {
    if (free.isEmpty()) {
      return;
    }
    Set<Long> ours = lockQueued(connection, dialect, free.stream().map(i -> requests.get(i).run()).toList());
    List<Integer> tried = new ArrayList<>();
    List<Object[]> claims = new ArrayList<>();
    for (int i : free) {
      Run run = requests.get(i).run();
      if (ours == null || ours.contains(run.id())) {
        tried.add(i);
        claims.add(claim(requests.get(i), claimant));
      }
    }
    int[] counts = Jdbc.batch(connection, CLAIM, claims);
    List<Object[]> attempts = new ArrayList<>();
    for (int k = 0; k < tried.size(); k++) {
      if (RunLeases.updated(counts[k])) {
        int i = tried.get(k);
        Run run = requests.get(i).run();
        result.set(i, new Claim(Claim.Result.CLAIMED, run.attempts() + 1, 0));
        attempts.add(openAttempt(run, claimant, requests.get(i).logPath()));
      }
    }
    Jdbc.batch(connection, OPEN_ATTEMPT, attempts);
  }

  /**
   * The running run (any one) of each job whose overlap rule looks at them, with those jobs'
   * rows locked until the transaction ends: no other claim starts a run of theirs meanwhile.
   */
  private static Map<String, Long> lockJobsAndReadRunning(Connection connection, List<ClaimRequest> requests)
      throws SQLException {
    Object[] jobs = requests.stream().filter(r -> r.overlap() != Overlap.ALLOW).map(r -> r.run().job())
        .collect(Collectors.toCollection(TreeSet::new)).toArray();
    if (jobs.length == 0) {
      return Map.of();
    }
    String marks = String.join(", ", Collections.nCopies(jobs.length, "?"));
    Jdbc.query(connection, "SELECT name FROM cb_jobs WHERE name IN (" + marks + ") ORDER BY name FOR UPDATE",
        row -> row.getString(1), jobs);
    // Every running run, through the queue index: a few per executor thread in the cluster. With
    // "job IN (...)" a database may walk each job's whole history instead.
    Set<Object> guarded = Set.of(jobs);
    Map<String, Long> running = new HashMap<>();
    for (Object[] row : Jdbc.query(connection, "SELECT job, id FROM cb_runs WHERE state = 'RUNNING'",
        row -> new Object[] {row.getString(1), row.getLong(2)})) {
      if (guarded.contains(row[0])) {
        running.putIfAbsent((String) row[0], (Long) row[1]);
      }
    }
    return running;
  }

  /**
   * A run of a job that is running already. Before its due time nothing is decided: the
   * running one may end first. At its time: a catch-up run waits its turn (a backlog runs one
   * after another); overlap: forbid records it SKIPPED; overlap: replace asks the running one to
   * stop and waits for it.
   */
  private static Claim heldBack(Connection connection, ClaimRequest request, long runningId, Instant now)
      throws SQLException {
    Run run = request.run();
    if (run.dueAt().isAfter(now)) {
      return Claim.of(Claim.Result.NOT_YET);
    }
    if (run.kind() == RunKind.CATCH_UP) {
      return new Claim(Claim.Result.WAITING, 0, runningId);
    }
    if (request.overlap() == Overlap.FORBID) {
      int skipped = Jdbc.update(connection,
          "UPDATE cb_runs SET state = 'SKIPPED', finished_at = ?, reason = ? WHERE id = ? AND state = 'QUEUED'",
          now.toEpochMilli(), "run " + runningId + " was still running (overlap: forbid)", run.id());
      return skipped == 0 ? Claim.of(Claim.Result.TAKEN) : new Claim(Claim.Result.SKIPPED, 0, runningId);
    }
    Jdbc.update(connection, "UPDATE cb_runs SET cancel_requested = ?, reason = ? WHERE id = ? AND state = 'RUNNING'",
        true, "replaced by run " + run.id() + " (overlap: replace)", runningId);
    return new Claim(Claim.Result.WAITING, 0, runningId);
  }

  /** The runs that no other transaction holds, now locked by this one; null where claims only compare-and-set. */
  private static Set<Long> lockQueued(Connection connection, Dialect dialect, List<Run> runs) throws SQLException {
    // The claim's compare-and-set checks the state.
    String lock = dialect.lockRunsSkippingLocked(runs.size());
    if (lock == null) {
      return null;
    }
    return new HashSet<>(Jdbc.query(connection, lock, row -> row.getLong(1), runs.stream().map(Run::id).toArray()));
  }
}
