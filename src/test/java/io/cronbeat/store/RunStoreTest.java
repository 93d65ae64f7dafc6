package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.job.Overlap;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The queue's guarantees, on every database. */
class RunStoreTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  private interface StoreTest {
    void run(RunStore runs, Jdbc jdbc);
  }

  private void on(TestStore.Kind kind, StoreTest test) throws Exception {
    try (TestStore store = TestStore.create(kind, dir); Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      jdbc.update("INSERT INTO cb_jobs (name, definition, fingerprint, schedule_fingerprint, enabled, paused, updated_at)"
          + " VALUES ('job', '{}', 'f', 'f', ?, ?, 0)", true, false);
      test.run(new RunStore(jdbc), jdbc);
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aFiringIsRecordedOnceHoweverOftenItIsRecorded(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc) -> {
      Optional<Long> first = runs.recordFiring("job", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, NOW, null);
      Optional<Long> second = runs.recordFiring("job", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, NOW, null);
      Optional<Long> next = runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(60), RunState.QUEUED, NOW, 1, NOW, null);

      assertThat(first).isPresent();
      assertThat(second).isEmpty();
      assertThat(next).isPresent();
      assertThat(runs.history("job", 10)).hasSize(2);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aDueRunIsClaimedByOneNodeOnly(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 3, NOW, null);
      Run run = runs.find(id).orElseThrow();

      Claim a = runs.claim(run, Overlap.ALLOW, "node-a", NOW, NOW.plusSeconds(30));
      Claim b = runs.claim(run, Overlap.ALLOW, "node-b", NOW, NOW.plusSeconds(30));

      assertThat(a).isEqualTo(new Claim(Claim.Result.CLAIMED, 1, 0));
      assertThat(b.result()).isEqualTo(Claim.Result.TAKEN);
      assertThat(runs.find(id).orElseThrow().nodeId()).isEqualTo("node-a");
      assertThat(runs.due(NOW, 10)).isEmpty();
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void overlapPoliciesDecideAtClaimTime(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc) -> {
      long running = runs.recordFiring("job", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();
      runs.claim(runs.find(running).orElseThrow(), Overlap.FORBID, "node-a", NOW, NOW.plusSeconds(30));
      long forbidden = runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(1), RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();
      long replacing = runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(2), RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();
      long allowed = runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(3), RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();

      Claim skip = runs.claim(runs.find(forbidden).orElseThrow(), Overlap.FORBID, "node-b", NOW, NOW.plusSeconds(30));
      Claim replace = runs.claim(runs.find(replacing).orElseThrow(), Overlap.REPLACE, "node-b", NOW, NOW.plusSeconds(30));
      Claim allow = runs.claim(runs.find(allowed).orElseThrow(), Overlap.ALLOW, "node-b", NOW, NOW.plusSeconds(30));

      assertThat(skip).isEqualTo(new Claim(Claim.Result.SKIPPED, 0, running));
      assertThat(runs.find(forbidden).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
      assertThat(replace).isEqualTo(new Claim(Claim.Result.WAITING, 0, running));
      assertThat(runs.cancelRequested("node-a")).containsExactly(running);
      assertThat(allow.result()).isEqualTo(Claim.Result.CLAIMED);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void runsOfANodeThatStoppedRenewingItsLeaseGoBackToTheQueue(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 3, NOW, null);
      runs.claim(runs.find(id).orElseThrow(), Overlap.ALLOW, "node-a", NOW, NOW.plusSeconds(30));
      runs.attemptStarted(id, 1, "node-a", NOW, null);

      List<Run> early = runs.recoverExpired(NOW.plusSeconds(29));
      List<Run> late = runs.recoverExpired(NOW.plusSeconds(31));

      assertThat(early).isEmpty();
      assertThat(late).extracting(Run::id).containsExactly(id);
      Run run = runs.find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.QUEUED);
      assertThat(run.reason()).isEqualTo("node node-a stopped during attempt 1");
      assertThat(runs.attempts(id)).extracting(Attempt::outcome).containsExactly("LOST");
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void pruningKeepsTheNewestRunsAndNeverAnUnfinishedOne(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc) -> {
      for (int i = 0; i < 5; i++) {
        long id = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);
        runs.attemptStarted(id, 1, "node", NOW, "/tmp/cronbeat-test-" + i + ".log");
        runs.finish(id, RunState.SUCCEEDED, 0, NOW.plusSeconds(i), null);
      }
      long queued = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);

      List<String> logs = runs.prune("job", 2, NOW.minusSeconds(3600));

      List<String> afterCount = List.copyOf(logs);
      List<String> afterAge = runs.prune("job", 100, NOW.plusSeconds(3600));

      assertThat(afterCount).containsExactlyInAnyOrder(
          "/tmp/cronbeat-test-0.log", "/tmp/cronbeat-test-1.log", "/tmp/cronbeat-test-2.log", "/tmp/cronbeat-test-3.log");
      assertThat(afterAge).containsExactly("/tmp/cronbeat-test-4.log");
      assertThat(runs.history("job", 10)).extracting(Run::id).containsExactly(queued);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aRunThatKeepsLosingItsNodeFailsInsteadOfLoopingForever(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);
      Instant now = NOW;
      for (int lost = 1; lost <= RunStore.LOST_ATTEMPTS_ALLOWED + 1; lost++) {
        runs.claim(runs.find(id).orElseThrow(), Overlap.ALLOW, "node-" + lost, now, now.plusSeconds(30));
        runs.attemptStarted(id, lost, "node-" + lost, now, null);
        now = now.plusSeconds(60);
        runs.recoverExpired(now);
      }

      Run run = runs.find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.FAILED);
      assertThat(run.reason()).isEqualTo("node node-4 stopped during attempt 4; its attempts were lost to stopping nodes 4 times");
      assertThat(runs.attempts(id)).extracting(Attempt::outcome).containsOnly("LOST").hasSize(4);
    });
  }
}
