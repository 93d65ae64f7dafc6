package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.job.Overlap;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Who owns a run, on every database: claims, fenced writes, renewals and take-overs. */
class RunLeasesTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  private interface LeaseTest {
    void run(RunStore runs, RunLeases leases);
  }

  private void on(TestStore.Kind kind, LeaseTest test) throws Exception {
    try (TestStore store = TestStore.create(kind, dir); Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      jdbc.update("INSERT INTO cb_jobs (name, definition, fingerprint, schedule_fingerprint, enabled, paused, updated_at)"
          + " VALUES ('job', '{}', 'f', 'f', ?, ?, 0)", true, false);
      test.run(new RunStore(jdbc), new RunLeases(jdbc, database.dialect()));
    }
  }

  private static Claimant node(String id, Instant now) {
    return new Claimant(id, "host", "boot", now, now.plusSeconds(30));
  }

  private static Claim claim(RunStore runs, RunLeases leases, long id, Overlap overlap, String node, Instant now) {
    return leases.claim(runs.find(id).orElseThrow(), overlap, node(node, now), null);
  }

  private static AttemptEnd succeeded(Instant at) {
    return new AttemptEnd(at, "SUCCEEDED", 0, "done", null);
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
          new AttemptEnd(NOW.plusSeconds(61), "FAILED", 143, "", "exit 143"),
          new Transition.Finish(RunState.FAILED, 143, NOW.plusSeconds(61), "exit 143"));

      assertThat(ownerRecordsTheKill).as("the kill by the recovering node is not the job failing").isFalse();
      assertThat(runs.find(id).orElseThrow().state()).isEqualTo(RunState.RUNNING);
      assertThat(runs.due(NOW.plusSeconds(61), 10)).as("nobody claims a seized run before it is queued again").isEmpty();
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aDueRunIsClaimedByOneNodeOnly(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 3, NOW, null);
      Run run = runs.find(id).orElseThrow();

      Claim a = leases.claim(run, Overlap.ALLOW, node("node-a", NOW), null);
      Claim b = leases.claim(run, Overlap.ALLOW, node("node-b", NOW), null);

      assertThat(a).isEqualTo(new Claim(Claim.Result.CLAIMED, 1, 0));
      assertThat(b.result()).isEqualTo(Claim.Result.TAKEN);
      assertThat(runs.find(id).orElseThrow().nodeId()).isEqualTo("node-a");
      assertThat(runs.attempts(id)).extracting(Attempt::nodeId, Attempt::outcome).containsExactly(
          org.assertj.core.groups.Tuple.tuple("node-a", null));
      assertThat(runs.due(NOW, 10)).isEmpty();
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aClaimFromAStaleReadOfTheRunTakesNothing(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 3, NOW, null);
      Run seenBeforeFirstAttempt = runs.find(id).orElseThrow();
      claim(runs, leases, id, Overlap.ALLOW, "node-a", NOW);
      leases.complete(new Lease(id, 1, "node-a"), new AttemptEnd(NOW, "FAILED", 1, "", "exit 1"),
          new Transition.Requeue(NOW, 1, "exit 1", false));

      Claim stale = leases.claim(seenBeforeFirstAttempt, Overlap.ALLOW, node("node-b", NOW), null);

      assertThat(stale.result()).isEqualTo(Claim.Result.TAKEN);
      assertThat(runs.find(id).orElseThrow().state()).isEqualTo(RunState.QUEUED);
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
      assertThat(runs.find(forbidden).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
      assertThat(replace).isEqualTo(new Claim(Claim.Result.WAITING, 0, running));
      assertThat(runs.cancelRequested("node-a")).containsExactly(running);
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
          .containsExactly(org.assertj.core.groups.Tuple.tuple(4243L, null));
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
          org.assertj.core.groups.Tuple.tuple(4242L, "host"));
      assertThat(recovery).isEqualTo(RunLeases.Recovery.REQUEUED);
      Run run = runs.find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.QUEUED);
      assertThat(run.reason()).isEqualTo("node node-a stopped during attempt 1");
      assertThat(run.lostAttempts()).isEqualTo(1);
      assertThat(run.attemptLimit()).as("a lost attempt uses up no retry").isEqualTo(4);
      assertThat(runs.attempts(id)).extracting(Attempt::outcome, Attempt::cleanup).containsExactly(
          org.assertj.core.groups.Tuple.tuple("LOST", "process group 4242 was stopped"));
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
      boolean staleRequeue = leases.complete(stale, new AttemptEnd(NOW.plusSeconds(62), "FAILED", 1, "", "exit 1"),
          new Transition.Requeue(NOW.plusSeconds(62), 1, "exit 1", false));
      var staleRenewal = leases.renew(List.of(stale), NOW.plusSeconds(200));

      assertThat(staleFinish).isFalse();
      assertThat(staleRequeue).isFalse();
      assertThat(staleRenewal).isEmpty();
      Run run = runs.find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.RUNNING);
      assertThat(run.nodeId()).isEqualTo("node-b");
      assertThat(runs.attempts(id)).extracting(Attempt::outcome).containsExactly("LOST", null);

      assertThat(leases.renew(List.of(current), NOW.plusSeconds(200))).containsExactly(id);
      assertThat(leases.complete(current, succeeded(NOW.plusSeconds(63)), finished(NOW.plusSeconds(63)))).isTrue();
      assertThat(runs.find(id).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(runs.attempts(id)).extracting(Attempt::outcome).containsExactly("LOST", "SUCCEEDED");
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
      assertThat(runs.find(id).orElseThrow().state()).isEqualTo(RunState.RUNNING);
      assertThat(leases.expired(NOW.plusSeconds(60))).isEmpty();
    });
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

      Run run = runs.find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.FAILED);
      assertThat(run.reason()).isEqualTo("node node-4 stopped during attempt 4; its attempts were lost to stopping nodes 4 times");
      assertThat(runs.attempts(id)).extracting(Attempt::outcome).containsOnly("LOST").hasSize(4);
    });
  }
}
