package io.cronbeat.store;

import io.cronbeat.job.Overlap;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  static final String OWNED = " WHERE id = ? AND state = 'RUNNING' AND attempts = ? AND node_id = ?";
  /**
   * With an attempt's end, the run's start moves to the attempt's real start where the attempt
   * was the run's first (the claim recorded the planned start for both); in the same statement
   * as the fenced transition, not one more per run. {@code attempts} counts every claim (a
   * given-back one is taken back), so at 1 this attempt is the run's first.
   */
  private static final String FIRST_START = ", started_at = CASE WHEN attempts = 1 THEN COALESCE(?, started_at) ELSE started_at END";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final Chains chains;

  public RunLeases(Jdbc jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.chains = new Chains(dialect);
  }

  /** The end of one attempt, for {@link #record}. */
  public record Completion(Lease lease, AttemptEnd end, Transition next) {}

  /** Where the process group of one attempt lives, for {@link #record}. */
  public record ProcessStart(Lease lease, long processGroup, Instant startedAt) {}

  /**
   * Tries to start a due run on this node, applying the job's overlap policy atomically (the
   * job's row is locked while its running runs are looked at), and opens the attempt's record.
   * The compare-and-set on the attempt count makes a claim from a stale read of the run fail.
   */
  public Claim claim(Run run, Overlap overlap, Claimant claimant, String logPath) {
    return claimAll(List.of(new ClaimRequest(run, overlap, logPath)), claimant).get(0);
  }

  /**
   * Starts many runs on this node in one transaction, each under its overlap rule (the jobs'
   * rows are locked while their running runs are looked at). Each claim is a compare-and-set on
   * the run's attempt count: a run claimed by another node, or read before its last attempt, is
   * TAKEN. A run may be claimed up to a moment before it is due, to start at that instant: its
   * start is recorded as its due time; nothing is decided yet for one whose job is running then.
   *
   * @return one claim per request, in order
   */
  public List<Claim> claimAll(List<ClaimRequest> requests, Claimant claimant) {
    if (requests.isEmpty()) {
      return List.of();
    }
    return jdbc.transaction(connection -> ClaimBatch.claimAll(connection, dialect, requests, claimant));
  }

  /**
   * Gives back claimed runs whose attempts never started (the node is stopping, or its executor
   * threads stayed busy past their due time): each is queued again as if never claimed, its
   * unstarted attempt forgotten. Fenced like every write of an owner.
   *
   * @return the runs given back (a lease no longer current gives back nothing)
   */
  public Set<Long> unclaim(List<Lease> leases) {
    if (leases.isEmpty()) {
      return Set.of();
    }
    List<Lease> ordered = inRowOrder(leases);
    return jdbc.transaction(connection -> {
      // started_at before attempts: MySQL assigns left to right with the values already set.
      int[] counts = Jdbc.batch(connection, "UPDATE cb_runs SET state = 'QUEUED', node_id = NULL, lease_until = NULL,"
          + " started_at = CASE WHEN attempts = 1 THEN NULL ELSE started_at END, attempts = attempts - 1" + OWNED,
          ordered.stream().map(l -> new Object[] {l.runId(), l.attempt(), l.nodeId()}).toList());
      Set<Long> given = new HashSet<>();
      List<Object[]> forgotten = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        if (updated(counts[i])) {
          Lease lease = ordered.get(i);
          given.add(lease.runId());
          forgotten.add(new Object[] {lease.runId(), lease.attempt(), lease.nodeId()});
        }
      }
      Jdbc.batch(connection, "DELETE FROM cb_attempts WHERE run_id = ? AND attempt = ? AND node_id = ?", forgotten);
      return given;
    });
  }

  /**
   * Records the process group of an attempt that started. Written to the attempt's own row by
   * the node that made it: a fact about that attempt, true whoever owns the run by now, and
   * what a peer needs to stop the group later.
   */
  public void processStarted(Lease lease, long processGroup, Instant startedAt) {
    record(List.of(new ProcessStart(lease, processGroup, startedAt)), List.of());
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
    List<Lease> ordered = inRowOrder(leases);
    return jdbc.transaction(connection -> {
      int[] counts = Jdbc.batch(connection, "UPDATE cb_runs SET lease_until = ?" + OWNED, ordered.stream()
          .map(lease -> new Object[] {until.toEpochMilli(), lease.runId(), lease.attempt(), lease.nodeId()}).toList());
      Set<Long> owned = new HashSet<>();
      for (int i = 0; i < counts.length; i++) {
        if (updated(counts[i])) {
          owned.add(ordered.get(i).runId());
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
    return record(List.of(), List.of(new Completion(lease, end, next))).get(0);
  }

  /**
   * Records the process groups of attempts that started and the ends of attempts, in one
   * transaction with one statement per kind of write, however many there are. Each end is
   * fenced on its own: one whose lease is no longer current writes nothing, the others do.
   *
   * @return for each completion, in order, whether it was recorded (false: the lease was not current)
   */
  public List<Boolean> record(List<ProcessStart> starts, List<Completion> ends) {
    if (starts.isEmpty() && ends.isEmpty()) {
      return List.of();
    }
    return jdbc.transaction(connection -> {
      // startedAt is null when the process ended before its start time could be read.
      Jdbc.batch(connection, "UPDATE cb_attempts SET process_group = ?, process_started_at = ?"
          + " WHERE run_id = ? AND attempt = ? AND node_id = ?", starts.stream().map(s -> new Object[] {s.processGroup(),
              s.startedAt() == null ? null : s.startedAt().toEpochMilli(), s.lease().runId(), s.lease().attempt(),
              s.lease().nodeId()}).toList());
      Boolean[] owned = new Boolean[ends.size()];
      // One batch per run of consecutive ends of one kind of transition (their SET clauses
      // differ), the ends taken in row order: see inRowOrder.
      List<Integer> byRow = new ArrayList<>();
      for (int i = 0; i < ends.size(); i++) {
        byRow.add(i);
      }
      byRow.sort(Comparator.comparingLong(i -> ends.get(i).lease().runId()));
      int from = 0;
      while (from < byRow.size()) {
        String kind = ends.get(byRow.get(from)).next().assignments();
        int to = from + 1;
        while (to < byRow.size() && ends.get(byRow.get(to)).next().assignments().equals(kind)) {
          to++;
        }
        List<Integer> batch = byRow.subList(from, to);
        int[] counts = Jdbc.batch(connection, "UPDATE cb_runs SET " + kind + FIRST_START + OWNED,
            batch.stream().map(i -> fenced(ends.get(i))).toList());
        for (int k = 0; k < counts.length; k++) {
          owned[batch.get(k)] = updated(counts[k]);
        }
        from = to;
      }
      List<Object[]> attempts = new ArrayList<>();
      for (int i : byRow) {
        if (owned[i]) {
          Completion c = ends.get(i);
          attempts.add(new Object[] {c.end().at().toEpochMilli(), OutcomeColumn.text(c.end().outcome()), c.end().exitCode(),
              c.end().tail(), c.end().reason(), startedAt(c), c.lease().runId(), c.lease().attempt()});
        }
      }
      Jdbc.batch(connection, "UPDATE cb_attempts SET finished_at = ?, outcome = ?, exit_code = ?, output_tail = ?, reason = ?,"
          + " started_at = COALESCE(?, started_at) WHERE run_id = ? AND attempt = ?", attempts);
      Map<Long, Instant> finished = new LinkedHashMap<>();
      for (int i = 0; i < ends.size(); i++) {
        if (owned[i] && ends.get(i).next() instanceof Transition.Finish finish) {
          finished.put(ends.get(i).lease().runId(), finish.at());
        }
      }
      chains.follow(connection, finished);
      return List.of(owned);
    });
  }

  /**
   * Leases in the order of their rows. Every transaction that writes several running runs (the
   * renewal of a node's leases, its batch of outcomes, a give-back) locks their rows in this one
   * order: in any two orders, a renewal and an outcome batch of the same node deadlock, and
   * PostgreSQL notices only after its deadlock_timeout (1 s), then retries: firings of every
   * second were seconds late under load.
   */
  static List<Lease> inRowOrder(List<Lease> leases) {
    return leases.stream().sorted(Comparator.comparingLong(Lease::runId)).toList();
  }

  private static Object[] fenced(Completion completion) {
    List<Object> values = new ArrayList<>(completion.next().values());
    values.add(startedAt(completion));
    values.addAll(List.of(completion.lease().runId(), completion.lease().attempt(), completion.lease().nodeId()));
    return values.toArray();
  }

  /** When the attempt's process really started; null when the process ended before it could be read. */
  private static Long startedAt(Completion completion) {
    return completion.end().startedAt() == null ? null : completion.end().startedAt().toEpochMilli();
  }

  /**
   * Whether one fenced row was written. A batch must say so row by row: a driver that answers
   * "some rows, unknown which" would turn fencing into a guess, so that is an error, not a yes.
   */
  static boolean updated(int count) {
    if (count == 0 || count == 1) {
      return count == 1;
    }
    throw new IllegalStateException("the database answered " + count + " for one fenced row; cannot tell whether the run was still ours");
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
          return new OpenAttempt(RunHistory.run(row), row.getLong("lease_until"), row.getString("a_host"), row.getString("a_boot_id"), group,
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
      Jdbc.update(connection, "UPDATE cb_attempts SET outcome = ?, finished_at = ?, reason = ?, cleanup = ?"
          + " WHERE run_id = ? AND attempt = ? AND finished_at IS NULL", OutcomeColumn.text(AttemptOutcome.LOST),
          now.toEpochMilli(), reason, cleanup,
          seized.runId(), seized.attempt());
      if (giveUp) {
        chains.follow(connection, Map.of(seized.runId(), now)); // a chain with on: failure goes on from here
      }
      return giveUp ? Recovery.FAILED : Recovery.REQUEUED;
    });
  }
}
