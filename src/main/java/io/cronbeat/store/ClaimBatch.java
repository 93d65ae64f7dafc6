package io.cronbeat.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The statements of a claim, for one run or many in one transaction. Each run's claim is a
 * compare-and-set on its attempt count, so a run another node claimed first, or one read
 * before its last attempt, is TAKEN and never started twice; where the database can, rows
 * another claim holds are passed over instead of waited for.
 */
final class ClaimBatch {

  /** Parameters: node, lease deadline, now (start of the first attempt), run id, attempts seen, now. */
  static final String CLAIM = "UPDATE cb_runs SET state = 'RUNNING', node_id = ?, lease_until = ?, attempts = attempts + 1,"
      + " started_at = COALESCE(started_at, ?), cancel_requested = ?, reason = NULL"
      + " WHERE id = ? AND state = 'QUEUED' AND attempts = ? AND due_at <= ?";
  static final String OPEN_ATTEMPT = "INSERT INTO cb_attempts (run_id, attempt, node_id, host, boot_id, started_at, log_path)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?)";

  private ClaimBatch() {}

  static Object[] claim(Run run, Claimant claimant) {
    long now = claimant.now().toEpochMilli();
    return new Object[] {claimant.nodeId(), claimant.leaseUntil().toEpochMilli(), now, false, run.id(), run.attempts(), now};
  }

  static Object[] openAttempt(Run run, Claimant claimant, String logPath) {
    return new Object[] {run.id(), run.attempts() + 1, claimant.nodeId(), claimant.host(), claimant.bootId(),
        claimant.now().toEpochMilli(), logPath};
  }

  /**
   * Claims the runs in one transaction: three statements whatever their number (lock, claim,
   * open attempts), two on H2.
   *
   * @return one claim per run, in order: CLAIMED with the attempt number, or TAKEN
   */
  static List<Claim> claimAll(Connection connection, Dialect dialect, List<Run> runs, Claimant claimant,
      List<String> logPaths) throws SQLException {
    Set<Long> ours = lockQueued(connection, dialect, runs);
    List<Integer> tried = new ArrayList<>();
    List<Object[]> claims = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      if (ours == null || ours.contains(runs.get(i).id())) {
        tried.add(i);
        claims.add(claim(runs.get(i), claimant));
      }
    }
    int[] counts = Jdbc.batch(connection, CLAIM, claims);
    List<Claim> result = new ArrayList<>(Collections.nCopies(runs.size(), Claim.of(Claim.Result.TAKEN)));
    List<Object[]> attempts = new ArrayList<>();
    for (int k = 0; k < tried.size(); k++) {
      if (RunLeases.updated(counts[k])) {
        int i = tried.get(k);
        Run run = runs.get(i);
        result.set(i, new Claim(Claim.Result.CLAIMED, run.attempts() + 1, 0));
        attempts.add(openAttempt(run, claimant, logPaths.get(i)));
      }
    }
    Jdbc.batch(connection, OPEN_ATTEMPT, attempts);
    return result;
  }

  /** The runs that no other transaction holds, now locked by this one; null where claims only compare-and-set. */
  private static Set<Long> lockQueued(Connection connection, Dialect dialect, List<Run> runs) throws SQLException {
    String marks = String.join(", ", Collections.nCopies(runs.size(), "?"));
    // By primary key only: with a condition on state, InnoDB may scan the (state, due_at, id)
    // index and lock every queued row it passes, so a peer would skip runs this claim never
    // takes. The claim's compare-and-set checks the state anyway.
    String lock = dialect.lockSkippingLocked("SELECT id FROM cb_runs WHERE id IN (" + marks + ")");
    if (lock == null) {
      return null;
    }
    return new HashSet<>(Jdbc.query(connection, lock, row -> row.getLong(1), runs.stream().map(Run::id).toArray()));
  }
}
