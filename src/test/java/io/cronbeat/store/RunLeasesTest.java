package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.cronbeat.job.Overlap;
import io.cronbeat.run.Attempt;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Who owns a run, on every database: claims, fenced writes, renewals and take-overs. */
class RunLeasesTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  private interface LeaseTest {
    void run(Runs runs, RunLeases leases);
  }

  private void on(TestStore.Kind kind, LeaseTest test) throws Exception {
    try (TestStore store = TestStore.create(kind, dir); Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      for (String job : List.of("job", "other")) {
        jdbc.update("INSERT INTO cb_jobs (name, definition, fingerprint, schedule_fingerprint, enabled, paused, updated_at)"
            + " VALUES (?, '{}', 'f', 'f', ?, ?, 0)", job, true, false);
      }
      test.run(Runs.of(jdbc), new RunLeases(jdbc, database.dialect()));
    }
  }

  private static Claimant node(String id, Instant now) {
    return new Claimant(id, "host", "boot", now, now.plusSeconds(30));
  }

  private static Claim claim(Runs runs, RunLeases leases, long id, Overlap overlap, String node, Instant now) {
    return leases.claim(runs.history().find(id).orElseThrow(), overlap, node(node, now), null);
  }

  private static AttemptEnd succeeded(Instant at) {
    return new AttemptEnd(at, AttemptOutcome.SUCCEEDED, 0, "done", null);
  }

  private static Transition finished(Instant at) {
    return new Transition.Finish(RunState.SUCCEEDED, 0, at, null);
  }

  /** What a peer does with a run whose lease ran out: seize it, then queue it again. */
  private static RunLeases.Recovery recover(RunLeases leases, OpenAttempt open, Instant now, String cleanup) {
    Lease seized = leases.seize(open, "recoverer", now.plusSeconds(30)).orElseThrow();
    return leases.requeueLost(seized, open.run().lostAttempts(), "node " + open.run().nodeId() + " stopped during attempt "
        + open.run().attempts(), cleanup, now);
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aSeizedRunIsNoLongerTheStaleOwnersToFinish(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);
      claim(runs, leases, id, Overlap.ALLOW, "node-a", NOW);

      leases.seize(leases.expired(NOW.plusSeconds(60)).get(0), "node-b", NOW.plusSeconds(90)).orElseThrow();
      boolean ownerRecordsTheKill = leases.complete(new Lease(id, 1, "node-a"),
          new AttemptEnd(NOW.plusSeconds(61), AttemptOutcome.FAILED, 143, "", "exit 143"),
          new Transition.Finish(RunState.FAILED, 143, NOW.plusSeconds(61), "exit 143"));

      assertThat(ownerRecordsTheKill).as("the kill by the recovering node is not the job failing").isFalse();
      assertThat(runs.history().find(id).orElseThrow().state()).isEqualTo(RunState.RUNNING);
      assertThat(runs.queue().due(NOW.plusSeconds(61), 10)).as("nobody claims a seized run before it is queued again").isEmpty();
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aDueRunIsClaimedByOneNodeOnly(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 3, NOW, null);
      Run run = runs.history().find(id).orElseThrow();

      Claim a = leases.claim(run, Overlap.ALLOW, node("node-a", NOW), null);
      Claim b = leases.claim(run, Overlap.ALLOW, node("node-b", NOW), null);

      assertThat(a).isEqualTo(new Claim(Claim.Result.CLAIMED, 1, 0));
      assertThat(b.result()).isEqualTo(Claim.Result.TAKEN);
      assertThat(runs.history().find(id).orElseThrow().nodeId()).isEqualTo("node-a");
      assertThat(runs.history().attempts(id)).extracting(Attempt::nodeId, Attempt::outcome).containsExactly(
          tuple("node-a", null));
      assertThat(runs.queue().due(NOW, 10)).isEmpty();
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aClaimFromAStaleReadOfTheRunTakesNothing(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 3, NOW, null);
      Run seenBeforeFirstAttempt = runs.history().find(id).orElseThrow();
      claim(runs, leases, id, Overlap.ALLOW, "node-a", NOW);
      leases.complete(new Lease(id, 1, "node-a"), new AttemptEnd(NOW, AttemptOutcome.FAILED, 1, "", "exit 1"),
          new Transition.Requeue(NOW, 1, "exit 1", false));

      Claim stale = leases.claim(seenBeforeFirstAttempt, Overlap.ALLOW, node("node-b", NOW), null);

      assertThat(stale.result()).isEqualTo(Claim.Result.TAKEN);
      assertThat(runs.history().find(id).orElseThrow().state()).isEqualTo(RunState.QUEUED);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void overlapPoliciesDecideAtClaimTime(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long running = runs.recordFiring("job", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();
      claim(runs, leases, running, Overlap.FORBID, "node-a", NOW);
      long forbidden = runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(1), RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();
      long replacing = runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(2), RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();
      long allowed = runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(3), RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();

      Claim skip = claim(runs, leases, forbidden, Overlap.FORBID, "node-b", NOW);
      Claim replace = claim(runs, leases, replacing, Overlap.REPLACE, "node-b", NOW);
      Claim allow = claim(runs, leases, allowed, Overlap.ALLOW, "node-b", NOW);

      assertThat(skip).isEqualTo(new Claim(Claim.Result.SKIPPED, 0, running));
      assertThat(runs.history().find(forbidden).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
      assertThat(replace).isEqualTo(new Claim(Claim.Result.WAITING, 0, running));
      assertThat(runs.queue().cancelRequested("node-a")).containsExactly(running);
      assertThat(allow.result()).isEqualTo(Claim.Result.CLAIMED);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void theGroupOfAProcessThatEndedBeforeItsStartTimeWasReadIsStillRecorded(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);
      claim(runs, leases, id, Overlap.ALLOW, "node-a", NOW);

      leases.processStarted(new Lease(id, 1, "node-a"), 4243, null);

      assertThat(leases.expired(NOW.plusSeconds(60))).extracting(OpenAttempt::processGroup, OpenAttempt::processStartedAt)
          .containsExactly(tuple(4243L, null));
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aRunWhoseLeaseRanOutIsTakenOverWithItsAttemptRecordedLost(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 3, NOW, null);
      claim(runs, leases, id, Overlap.ALLOW, "node-a", NOW);
      leases.processStarted(new Lease(id, 1, "node-a"), 4242, NOW);

      List<OpenAttempt> early = leases.expired(NOW.plusSeconds(29));
      List<OpenAttempt> late = leases.expired(NOW.plusSeconds(31));
      RunLeases.Recovery recovery = recover(leases, late.get(0), NOW.plusSeconds(31), "process group 4242 was stopped");

      assertThat(early).isEmpty();
      assertThat(late).extracting(OpenAttempt::processGroup, OpenAttempt::host).containsExactly(
          tuple(4242L, "host"));
      assertThat(recovery).isEqualTo(RunLeases.Recovery.REQUEUED);
      Run run = runs.history().find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.QUEUED);
      assertThat(run.reason()).isEqualTo("node node-a stopped during attempt 1");
      assertThat(run.lostAttempts()).isEqualTo(1);
      assertThat(run.attemptLimit()).as("a lost attempt uses up no retry").isEqualTo(4);
      assertThat(runs.history().attempts(id)).extracting(Attempt::outcome, Attempt::cleanup).containsExactly(
          tuple(AttemptOutcome.LOST, "process group 4242 was stopped"));
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aStaleOwnerWritesNothingOverTheNodeThatTookItsRunOver(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);
      claim(runs, leases, id, Overlap.ALLOW, "node-a", NOW);
      Lease stale = new Lease(id, 1, "node-a");
      recover(leases, leases.expired(NOW.plusSeconds(60)).get(0), NOW.plusSeconds(60), "gone");
      claim(runs, leases, id, Overlap.ALLOW, "node-b", NOW.plusSeconds(61));
      Lease current = new Lease(id, 2, "node-b");

      boolean staleFinish = leases.complete(stale, succeeded(NOW.plusSeconds(62)), finished(NOW.plusSeconds(62)));
      boolean staleRequeue = leases.complete(stale,
          new AttemptEnd(NOW.plusSeconds(62), AttemptOutcome.FAILED, 1, "", "exit 1"),
          new Transition.Requeue(NOW.plusSeconds(62), 1, "exit 1", false));
      var staleRenewal = leases.renew(List.of(stale), NOW.plusSeconds(200));

      assertThat(staleFinish).isFalse();
      assertThat(staleRequeue).isFalse();
      assertThat(staleRenewal).isEmpty();
      Run run = runs.history().find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.RUNNING);
      assertThat(run.nodeId()).isEqualTo("node-b");
      assertThat(runs.history().attempts(id)).extracting(Attempt::outcome).containsExactly(AttemptOutcome.LOST, null);

      assertThat(leases.renew(List.of(current), NOW.plusSeconds(200))).containsExactly(id);
      assertThat(leases.complete(current, succeeded(NOW.plusSeconds(63)), finished(NOW.plusSeconds(63)))).isTrue();
      assertThat(runs.history().find(id).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(runs.history().attempts(id)).extracting(Attempt::outcome)
          .containsExactly(AttemptOutcome.LOST, AttemptOutcome.SUCCEEDED);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aRenewedLeaseIsNotTakenOverByAPeerThatSawTheOldOne(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);
      claim(runs, leases, id, Overlap.ALLOW, "node-a", NOW);
      OpenAttempt seen = leases.expired(NOW.plusSeconds(60)).get(0);

      leases.renew(List.of(new Lease(id, 1, "node-a")), NOW.plusSeconds(90));
      var seized = leases.seize(seen, "node-b", NOW.plusSeconds(90));

      assertThat(seized).isEmpty();
      assertThat(runs.history().find(id).orElseThrow().state()).isEqualTo(RunState.RUNNING);
      assertThat(leases.expired(NOW.plusSeconds(60))).isEmpty();
    });
  }

  /**
   * A node's lease renewal and its batch of outcomes lock their runs' rows in one order, by id: in
   * two orders they deadlock, and PostgreSQL notices only after its deadlock_timeout (1 s) — firings
   * of every second were seconds late under load. Here another transaction holds the lower row
   * while a renewal of [higher, lower] waits for it: the higher row must still be free, or the
   * other transaction's half-second lock timeout ends it.
   */
  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = "POSTGRESQL")
  void aRenewalWaitingForOneRunHoldsNoRunAfterIt(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir); Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      jdbc.update("INSERT INTO cb_jobs (name, definition, fingerprint, schedule_fingerprint, enabled, paused, updated_at)"
          + " VALUES ('job', '{}', 'f', 'f', TRUE, FALSE, 0)");
      Runs runs = Runs.of(jdbc);
      RunLeases leases = new RunLeases(jdbc, database.dialect());
      long lower = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);
      long higher = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);
      claim(runs, leases, lower, Overlap.ALLOW, "node-a", NOW);
      claim(runs, leases, higher, Overlap.ALLOW, "node-a", NOW);
      ExecutorService renewer = Executors.newSingleThreadExecutor();
      try (Connection other = database.dataSource().getConnection()) {
        other.setAutoCommit(false);
        Jdbc.update(other, "SET lock_timeout = '500ms'");
        Jdbc.update(other, "UPDATE cb_runs SET lease_until = lease_until WHERE id = ?", lower);
        Future<Set<Long>> renewal = renewer.submit(() -> leases.renew(
            List.of(new Lease(higher, 1, "node-a"), new Lease(lower, 1, "node-a")), NOW.plusSeconds(90)));
        // The renewal takes what it can, then waits for the lower row.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.one("SELECT COUNT(*) FROM pg_stat_activity"
            + " WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE cb_runs SET lease_until%'", row -> row.getInt(1))
            .orElse(0) > 0);

        Jdbc.update(other, "UPDATE cb_runs SET lease_until = lease_until WHERE id = ?", higher);
        other.commit();

        assertThat(renewal.get(10, TimeUnit.SECONDS)).containsExactlyInAnyOrder(lower, higher);
      } finally {
        renewer.shutdownNow();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aRunThatKeepsLosingItsNodeFailsInsteadOfLoopingForever(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);
      Instant now = NOW;
      for (int lost = 1; lost <= RunLeases.LOST_ATTEMPTS_ALLOWED + 1; lost++) {
        claim(runs, leases, id, Overlap.ALLOW, "node-" + lost, now);
        now = now.plusSeconds(60);
        for (OpenAttempt open : leases.expired(now)) {
          recover(leases, open, now, "gone");
        }
      }

      Run run = runs.history().find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.FAILED);
      assertThat(run.reason()).isEqualTo("node node-4 stopped during attempt 4; its attempts were lost to stopping nodes 4 times");
      assertThat(runs.history().attempts(id)).extracting(Attempt::outcome).containsOnly(AttemptOutcome.LOST).hasSize(4);
    });
  }

  private static List<Run> queue(Runs runs, int count) {
    List<Run> queued = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      queued.add(runs.history().find(runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null)).orElseThrow());
    }
    return queued;
  }

  private static List<Claim> claimAll(RunLeases leases, List<Run> runs, String node) {
    return leases.claimAll(requests(runs, node), node(node, NOW));
  }

  private static List<ClaimRequest> requests(List<Run> runs, String node) {
    return runs.stream().map(r -> new ClaimRequest(r, Overlap.ALLOW, node + "-" + r.id() + ".log")).toList();
  }

  private static List<Long> claimedBy(List<Run> runs, List<Claim> claims) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      if (claims.get(i).result() == Claim.Result.CLAIMED) {
        assertThat(claims.get(i).attempt()).isEqualTo(1);
        ids.add(runs.get(i).id());
      }
    }
    return ids;
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aBatchClaimTakesOnlyTheRunsNobodyClaimedFirst(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      List<Run> seen = queue(runs, 6);

      List<Claim> first = claimAll(leases, seen.subList(0, 4), "node-a");
      List<Claim> second = claimAll(leases, seen, "node-b"); // read before node-a's claim

      assertThat(claimedBy(seen.subList(0, 4), first)).hasSize(4);
      assertThat(second).extracting(Claim::result).containsExactly(Claim.Result.TAKEN, Claim.Result.TAKEN, Claim.Result.TAKEN,
          Claim.Result.TAKEN, Claim.Result.CLAIMED, Claim.Result.CLAIMED);
      for (Run run : seen) {
        String owner = run.id() <= seen.get(3).id() ? "node-a" : "node-b";
        assertThat(runs.history().find(run.id()).orElseThrow()).extracting(Run::state, Run::nodeId, Run::attempts)
            .containsExactly(RunState.RUNNING, owner, 1);
        assertThat(runs.history().attempts(run.id())).extracting(Attempt::nodeId, Attempt::logPath)
            .containsExactly(tuple(owner, owner + "-" + run.id() + ".log"));
      }
      assertThat(runs.queue().due(NOW, 10)).isEmpty();
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void twoNodesClaimingTheSameBacklogAtOnceNeverShareARun(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      List<Run> seen = queue(runs, 40);
      CyclicBarrier together = new CyclicBarrier(2);
      ExecutorService nodes = Executors.newFixedThreadPool(2);
      try {
        List<Future<List<Long>>> claimed = new ArrayList<>();
        for (String node : List.of("node-a", "node-b")) {
          claimed.add(nodes.submit(() -> {
            together.await();
            List<Long> ids = new ArrayList<>();
            for (int from = 0; from < seen.size(); from += 10) { // passes of ten, as a dispatcher with ten free threads
              List<Run> pass = seen.subList(from, from + 10);
              ids.addAll(claimedBy(pass, claimAll(leases, pass, node)));
            }
            return ids;
          }));
        }
        List<Long> a = new ArrayList<>(claimed.get(0).get());
        List<Long> b = claimed.get(1).get();
        // Racing on MariaDB, both may pass over the same rows, each seeing the other's lock
        // (InnoDB's next-key locks reach past a claim's own rows): those wait for the next
        // poll, as a node's next pass. Nothing is stuck and nothing is shared.
        List<Run> left = runs.queue().due(NOW, 100);
        a.addAll(claimedBy(left, claimAll(leases, left, "node-a")));

        // One of them may take the whole backlog: what matters is that no run is in both.
        assertThat(a).filteredOn(b::contains).as("runs claimed by both").isEmpty();
        assertThat(runs.queue().due(NOW, 100)).as("every run claimed by one of them").isEmpty();
        for (Run run : seen) {
          String owner = a.contains(run.id()) ? "node-a" : "node-b";
          assertThat(runs.history().find(run.id()).orElseThrow()).extracting(Run::nodeId, Run::attempts).containsExactly(owner, 1);
          assertThat(runs.history().attempts(run.id())).extracting(Attempt::nodeId).containsExactly(owner);
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      } finally {
        nodes.shutdownNow();
      }
    });
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void aClaimStillCommittingHoldsOnlyItsOwnRunsFromAPeer(TestStore.Kind kind) throws Exception {
    try (TestStore store = TestStore.create(kind, dir); Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      Runs runs = Runs.of(jdbc);
      RunLeases leases = new RunLeases(jdbc, database.dialect());
      List<Run> seen = queue(runs, 6);

      List<Claim> peer = jdbc.transaction(connection -> {
        List<Claim> first = ClaimBatch.claimAll(connection, database.dialect(), requests(seen.subList(0, 2), "node-a"),
            node("node-a", NOW));
        assertThat(first).extracting(Claim::result).containsOnly(Claim.Result.CLAIMED);
        return claimAll(leases, seen.subList(2, 6), "node-b"); // node-a has not committed yet
      });

      // On MariaDB the first claim scanned the small table's queue index and locked all six rows:
      // node-b passed over its four runs and its threads idled until the next poll.
      assertThat(peer).extracting(Claim::result).as("node-b's claim of runs node-a never asked for")
          .containsOnly(Claim.Result.CLAIMED);
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aStaleOwnersBatchedOutcomesWriteNothingForTheRunItLostAndStillWriteTheOthers(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      List<Run> seen = queue(runs, 3);
      claimAll(leases, seen, "node-a");
      long lost = seen.get(1).id();
      recover(leases, leases.expired(NOW.plusSeconds(60)).stream().filter(o -> o.run().id() == lost).findFirst().orElseThrow(),
          NOW.plusSeconds(60), "gone");
      claim(runs, leases, lost, Overlap.ALLOW, "node-b", NOW.plusSeconds(61));
      Instant end = NOW.plusSeconds(62);

      List<Boolean> recorded = leases.record(List.of(new RunLeases.ProcessStart(new Lease(seen.get(0).id(), 1, "node-a"), 77, end)),
          List.of(new RunLeases.Completion(new Lease(seen.get(0).id(), 1, "node-a"), succeeded(end), finished(end)),
              new RunLeases.Completion(new Lease(lost, 1, "node-a"), succeeded(end), finished(end)),
              new RunLeases.Completion(new Lease(seen.get(2).id(), 1, "node-a"),
                  new AttemptEnd(end, AttemptOutcome.FAILED, 1, "", "exit 1"),
                  new Transition.Requeue(end.plusSeconds(30), 1, "exit 1", false))));

      assertThat(recorded).containsExactly(true, false, true);
      assertThat(runs.history().find(seen.get(0).id()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(runs.history().attempts(seen.get(0).id())).extracting(Attempt::outcome).containsExactly(AttemptOutcome.SUCCEEDED);
      Run taken = runs.history().find(lost).orElseThrow();
      assertThat(taken).extracting(Run::state, Run::nodeId, Run::attempts).containsExactly(RunState.RUNNING, "node-b", 2);
      assertThat(runs.history().attempts(lost)).extracting(Attempt::outcome).containsExactly(AttemptOutcome.LOST, null);
      Run retried = runs.history().find(seen.get(2).id()).orElseThrow();
      assertThat(retried).extracting(Run::state, Run::dueAt).containsExactly(RunState.QUEUED, end.plusSeconds(30));
      assertThat(runs.history().attempts(seen.get(2).id())).extracting(Attempt::outcome, Attempt::reason)
          .containsExactly(tuple(AttemptOutcome.FAILED, "exit 1"));
      assertThat(leases.expired(NOW.plusSeconds(600))).extracting(o -> o.run().id(), OpenAttempt::processGroup)
          .containsExactly(tuple(lost, null));
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aRunClaimedAheadRecordsItsDueTimeAsItsStartUntilItsOutcomeSaysWhenItReallyStarted(TestStore.Kind kind)
      throws Exception {
    on(kind, (runs, leases) -> {
      Instant due = NOW.plusMillis(400);
      long id = runs.enqueue("job", RunKind.MANUAL, due, 1, NOW, null);

      assertThat(claim(runs, leases, id, Overlap.ALLOW, "node-a", NOW).result()).isEqualTo(Claim.Result.CLAIMED);
      assertThat(runs.history().find(id).orElseThrow().startedAt()).as("not the claim's time: the run starts at its due time").isEqualTo(due);
      assertThat(runs.history().attempts(id)).extracting(Attempt::startedAt).containsExactly(due);

      Instant late = due.plusMillis(70); // it waited for a free executor thread
      leases.complete(new Lease(id, 1, "node-a"), succeeded(late.plusMillis(5)).startedAt(late), finished(late.plusMillis(5)));

      assertThat(runs.history().find(id).orElseThrow()).extracting(Run::state, Run::startedAt).containsExactly(RunState.SUCCEEDED, late);
      assertThat(runs.history().attempts(id)).extracting(Attempt::startedAt).containsExactly(late);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aForbidRunDueLaterIsNotDecidedWhileItsJobRunsAndIsSkippedIfItStillRunsAtItsTime(TestStore.Kind kind)
      throws Exception {
    on(kind, (runs, leases) -> {
      long running = runs.recordFiring("job", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();
      claim(runs, leases, running, Overlap.FORBID, "node-a", NOW);
      Instant next = NOW.plusSeconds(1);
      long later = runs.recordFiring("job", RunKind.SCHEDULED, next, RunState.QUEUED, next, 1, NOW, null).orElseThrow();

      Claim ahead = claim(runs, leases, later, Overlap.FORBID, "node-b", next.minusMillis(300));

      assertThat(ahead.result()).isEqualTo(Claim.Result.NOT_YET);
      assertThat(runs.history().find(later).orElseThrow().state()).as("the running one may still end in time").isEqualTo(RunState.QUEUED);
      assertThat(claim(runs, leases, later, Overlap.FORBID, "node-b", next)).isEqualTo(new Claim(Claim.Result.SKIPPED, 0, running));
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void oneBatchOfClaimsFollowsEachJobsOverlapRule(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long running = runs.recordFiring("job", RunKind.SCHEDULED, NOW.minusSeconds(1), RunState.QUEUED, NOW, 1, NOW, null)
          .orElseThrow();
      claim(runs, leases, running, Overlap.FORBID, "node-a", NOW);
      Run blocked = scheduled(runs, "job", NOW);
      Run first = scheduled(runs, "other", NOW);
      Run second = scheduled(runs, "other", NOW.plusMillis(1)); // a backlog: it sees the first one running
      Run any = runs.history().find(runs.enqueue("job", RunKind.SUBMITTED, NOW, 1, NOW, null)).orElseThrow();

      List<Claim> claims = leases.claimAll(List.of(new ClaimRequest(blocked, Overlap.FORBID, null),
          new ClaimRequest(first, Overlap.FORBID, null), new ClaimRequest(second, Overlap.FORBID, null),
          new ClaimRequest(any, Overlap.ALLOW, null)), node("node-b", NOW.plusMillis(1)));

      assertThat(claims).containsExactly(new Claim(Claim.Result.SKIPPED, 0, running), new Claim(Claim.Result.CLAIMED, 1, 0),
          new Claim(Claim.Result.SKIPPED, 0, first.id()), new Claim(Claim.Result.CLAIMED, 1, 0));
      assertThat(List.of(blocked, first, second, any)).extracting(r -> runs.history().find(r.id()).orElseThrow().state())
          .containsExactly(RunState.SKIPPED, RunState.RUNNING, RunState.SKIPPED, RunState.RUNNING);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void anUnstartedClaimGivenBackIsQueuedAsIfNeverClaimedAndAStaleOwnerGivesBackNothing(TestStore.Kind kind)
      throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 3, NOW, null);
      claim(runs, leases, id, Overlap.ALLOW, "node-a", NOW);

      assertThat(leases.unclaim(List.of(new Lease(id, 1, "node-a")))).containsExactly(id);

      assertThat(runs.history().find(id).orElseThrow()).extracting(Run::state, Run::attempts, Run::nodeId, Run::startedAt)
          .containsExactly(RunState.QUEUED, 0, null, null);
      assertThat(runs.history().attempts(id)).isEmpty();
      assertThat(claim(runs, leases, id, Overlap.ALLOW, "node-b", NOW)).isEqualTo(new Claim(Claim.Result.CLAIMED, 1, 0));
      assertThat(leases.unclaim(List.of(new Lease(id, 1, "node-a")))).as("node-a's lease is not the current one").isEmpty();
      assertThat(runs.history().find(id).orElseThrow()).extracting(Run::state, Run::nodeId).containsExactly(RunState.RUNNING, "node-b");
      assertThat(runs.history().attempts(id)).extracting(Attempt::nodeId).containsExactly("node-b");
    });
  }

  private static Run scheduled(Runs runs, String job, Instant at) {
    return runs.history().find(runs.recordFiring(job, RunKind.SCHEDULED, at, RunState.QUEUED, at, 1, at, null).orElseThrow()).orElseThrow();
  }
}
