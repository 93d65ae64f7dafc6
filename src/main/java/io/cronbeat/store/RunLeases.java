package io.cronbeat.store;

import io.cronbeat.job.Overlap;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who owns a running run. A claim makes a node the owner with a {@link Lease}; every later write
 * of that node for the run (renewal, outcome, retry) is conditional on the lease still being the
 * current one, so a node that was paused or cut off past its lease writes nothing over the node
 * that took the run over: the write matches no row and the caller learns it lost the run.
 */
public final class RunLeases {

  /** Attempts lost to dying nodes that a run may have, beyond its retries, before it fails. */
  public static final int LOST_ATTEMPTS_ALLOWED = 3;

  private static final String OWNED = " WHERE id = ? AND state = 'RUNNING' AND attempts = ? AND node_id = ?";

  private final Jdbc jdbc;

  public RunLeases(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Tries to start a due run on this node, applying the job's overlap policy atomically (the
   * job's row is locked while its running runs are looked at), and opens the attempt's record.
   * The compare-and-set on the attempt count makes a claim from a stale read of the run fail.
   */
  public Claim claim(Run run, Overlap overlap, Claimant claimant, String logPath) {
    long now = claimant.now().toEpochMilli();
    return jdbc.transaction(connection -> {
      if (overlap != Overlap.ALLOW) {
        Jdbc.query(connection, "SELECT name FROM cb_jobs WHERE name = ? FOR UPDATE", row -> row.getString(1), run.job());
        List<Long> running = Jdbc.query(connection,
            "SELECT id FROM cb_runs WHERE job = ? AND state = 'RUNNING' AND id <> ?", row -> row.getLong(1), run.job(), run.id());
        if (!running.isEmpty()) {
          return overlapped(connection, run, overlap, running.get(0), claimant.now());
        }
      }
      int claimed = Jdbc.update(connection,
          "UPDATE cb_runs SET state = 'RUNNING', node_id = ?, lease_until = ?, attempts = attempts + 1,"
              + " started_at = COALESCE(started_at, ?), cancel_requested = ?, reason = NULL"
              + " WHERE id = ? AND state = 'QUEUED' AND attempts = ? AND due_at <= ?",
          claimant.nodeId(), claimant.leaseUntil().toEpochMilli(), now, false, run.id(), run.attempts(), now);
      if (claimed == 0) {
        return Claim.of(Claim.Result.TAKEN);
      }
      int attempt = run.attempts() + 1;
      Jdbc.update(connection, "INSERT INTO cb_attempts (run_id, attempt, node_id, host, boot_id, started_at, log_path)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)", run.id(), attempt, claimant.nodeId(), claimant.host(), claimant.bootId(), now, logPath);
      return new Claim(Claim.Result.CLAIMED, attempt, 0);
    });
  }

  private static Claim overlapped(Connection connection, Run run, Overlap overlap, long runningId, Instant now)
      throws SQLException {
    if (run.kind() == RunKind.CATCH_UP) {
      return new Claim(Claim.Result.WAITING, 0, runningId); // a backlog runs one after another
    }
    if (overlap == Overlap.FORBID) {
      int skipped = Jdbc.update(connection,
          "UPDATE cb_runs SET state = 'SKIPPED', finished_at = ?, reason = ? WHERE id = ? AND state = 'QUEUED'",
          now.toEpochMilli(), "run " + runningId + " was still running (overlap: forbid)", run.id());
      return skipped == 0 ? Claim.of(Claim.Result.TAKEN) : new Claim(Claim.Result.SKIPPED, 0, runningId);
    }
    Jdbc.update(connection, "UPDATE cb_runs SET cancel_requested = ?, reason = ? WHERE id = ? AND state = 'RUNNING'",
        true, "replaced by run " + run.id() + " (overlap: replace)", runningId);
    return new Claim(Claim.Result.WAITING, 0, runningId);
  }

  /**
   * Records the process group of an attempt that started. Written to the attempt's own row by
   * the node that made it: a fact about that attempt, true whoever owns the run by now, and
   * what a peer needs to stop the group later.
   */
  public void processStarted(Lease lease, long processGroup, Instant startedAt) {
    jdbc.update("UPDATE cb_attempts SET process_group = ?, process_started_at = ? WHERE run_id = ? AND attempt = ? AND node_id = ?",
        processGroup, startedAt.toEpochMilli(), lease.runId(), lease.attempt(), lease.nodeId());
  }

  /**
   * Renews the given leases, each only while it is still the current one.
   *
   * @return the runs of those leases that this node still owns
   */
  public Set<Long> renew(List<Lease> leases, Instant until) {
    if (leases.isEmpty()) {
      return Set.of();
    }
    return jdbc.transaction(connection -> {
      Set<Long> owned = new HashSet<>();
      for (Lease lease : leases) {
        if (Jdbc.update(connection, "UPDATE cb_runs SET lease_until = ?" + OWNED, until.toEpochMilli(), lease.runId(),
            lease.attempt(), lease.nodeId()) == 1) {
          owned.add(lease.runId());
        }
      }
      return owned;
    });
  }

  /**
   * Records the end of the lease's attempt and what becomes of the run, in one transaction.
   *
   * @return false when the lease is no longer current: nothing was written
   */
  public boolean complete(Lease lease, AttemptEnd end, Transition next) {
    return jdbc.transaction(connection -> {
      List<Object> values = new ArrayList<>(next.values());
      values.addAll(List.of(lease.runId(), lease.attempt(), lease.nodeId()));
      int updated = Jdbc.update(connection, "UPDATE cb_runs SET " + next.assignments() + OWNED, values.toArray());
      if (updated == 0) {
        return false;
      }
      Jdbc.update(connection, "UPDATE cb_attempts SET finished_at = ?, outcome = ?, exit_code = ?, output_tail = ?, reason = ?"
          + " WHERE run_id = ? AND attempt = ?", end.at().toEpochMilli(), end.outcome(), end.exitCode(), end.tail(),
          end.reason(), lease.runId(), lease.attempt());
      return true;
    });
  }

  /** Running runs whose lease ran out before {@code cutoff}. */
  public List<OpenAttempt> expired(Instant cutoff) {
    return open("r.lease_until < ?", cutoff.toEpochMilli());
  }

  /** Running runs of one node (a node known to be dead). */
  public List<OpenAttempt> ownedBy(String nodeId) {
    return open("r.node_id = ?", nodeId);
  }

  private List<OpenAttempt> open(String condition, Object parameter) {
    return jdbc.query("SELECT r.*, a.host AS a_host, a.boot_id AS a_boot_id, a.process_group AS a_process_group,"
        + " a.process_started_at AS a_process_started_at FROM cb_runs r"
        + " LEFT JOIN cb_attempts a ON a.run_id = r.id AND a.attempt = r.attempts"
        + " WHERE r.state = 'RUNNING' AND " + condition + " ORDER BY r.id", row -> {
          Long group = Jdbc.nullableLong(row, "a_process_group");
          Long started = Jdbc.nullableLong(row, "a_process_started_at");
          return new OpenAttempt(RunStore.run(row), row.getLong("lease_until"), row.getString("a_host"), row.getString("a_boot_id"), group,
              started == null ? null : Instant.ofEpochMilli(started));
        }, parameter);
  }

  /** What recovering a run did. */
  public enum Recovery {
    /** Queued again for another attempt. */
    REQUEUED,
    /** It lost its node too often: FAILED. */
    FAILED,
    /** Its lease was not the current one any more: nothing changed. */
    NONE
  }

  /**
   * Takes a run away from its gone or stale owner, if it is still as it was seen: from then on
   * the old owner's writes match nothing, and nobody claims the run until {@link #requeueLost}.
   * Seizing first means the old owner cannot record the kill of its process as the job failing.
   *
   * @return the lease the seizing node now holds, or empty when the owner renewed or ended it first
   */
  public Optional<Lease> seize(OpenAttempt open, String nodeId, Instant holdUntil) {
    Run run = open.run();
    int seized = jdbc.update("UPDATE cb_runs SET node_id = ?, lease_until = ?" + OWNED + " AND lease_until = ?", nodeId,
        holdUntil.toEpochMilli(), run.id(), run.attempts(), run.nodeId(), open.leaseUntil());
    return seized == 1 ? Optional.of(new Lease(run.id(), run.attempts(), nodeId)) : Optional.empty();
  }

  /**
   * Ends a seized run's attempt as LOST, with what was done about its processes, and queues the
   * run again; a run that lost its node too often fails instead.
   *
   * @param cleanup what happened to the attempt's processes, for its history
   * @return whether the run was queued again or failed; NONE if the lease was not current
   */
  public Recovery requeueLost(Lease seized, int lostBefore, String reason, String cleanup, Instant now) {
    boolean giveUp = lostBefore + 1 > LOST_ATTEMPTS_ALLOWED;
    Transition next = giveUp
        ? new Transition.Finish(RunState.FAILED, null, now,
            reason + "; its attempts were lost to stopping nodes " + (lostBefore + 1) + " times")
        : new Transition.Requeue(now, null, reason, true);
    List<Object> values = new ArrayList<>(next.values());
    values.addAll(List.of(seized.runId(), seized.attempt(), seized.nodeId()));
    return jdbc.transaction(connection -> {
      String lost = giveUp ? ", lost_attempts = lost_attempts + 1" : "";
      if (Jdbc.update(connection, "UPDATE cb_runs SET " + next.assignments() + lost + OWNED, values.toArray()) == 0) {
        return Recovery.NONE;
      }
      Jdbc.update(connection, "UPDATE cb_attempts SET outcome = 'LOST', finished_at = ?, reason = ?, cleanup = ?"
          + " WHERE run_id = ? AND attempt = ? AND finished_at IS NULL", now.toEpochMilli(), reason, cleanup,
          seized.runId(), seized.attempt());
      return giveUp ? Recovery.FAILED : Recovery.REQUEUED;
    });
  }
}
