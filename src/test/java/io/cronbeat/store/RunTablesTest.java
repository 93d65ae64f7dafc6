package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cronbeat.job.Overlap;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code cb_runs} on every database: the queue's guarantees ({@link RunQueue}) and the history's reads ({@link RunHistory}). */
class RunTablesTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  /** The dialect of the store the test runs on. */
  private Dialect dialect;

  private interface StoreTest {
    void run(Runs runs, Jdbc jdbc, RunLeases leases);
  }

  private void on(TestStore.Kind kind, StoreTest test) throws Exception {
    try (TestStore store = TestStore.create(kind, dir); Database database = Database.open(store.config(Map.of()))) {
      dialect = database.dialect();
      Jdbc jdbc = new Jdbc(database.dataSource());
      jdbc.update("INSERT INTO cb_jobs (name, definition, fingerprint, schedule_fingerprint, enabled, paused, updated_at)"
          + " VALUES ('job', '{}', 'f', 'f', ?, ?, 0)", true, false);
      test.run(Runs.of(jdbc), jdbc, new RunLeases(jdbc, database.dialect()));
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aFiringIsRecordedOnceHoweverOftenItIsRecorded(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc, leases) -> {
      NewRun firing = new NewRun("job", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, null);
      NewRun next = new NewRun("job", RunKind.SCHEDULED, NOW.plusSeconds(60), RunState.QUEUED, NOW, 1, null);
      for (List<NewRun> pass : List.of(List.of(firing), List.of(firing, next), List.of(next, firing))) {
        jdbc.transaction(connection -> {
          RunQueue.recordFirings(connection, dialect, pass, NOW);
          return null;
        });
      }

      assertThat(runs.history().history("job", 10)).extracting(Run::scheduledAt).containsExactly(NOW.plusSeconds(60), NOW);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aBatchOfFiringsLeavesAFiringRecordedBeforeAsItWasAndRecordsTheRest(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc, leases) -> {
      long earlier = runs.recordFiring("job", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();
      jdbc.update("UPDATE cb_runs SET state = 'RUNNING', node_id = 'n' WHERE id = ?", earlier);
      List<NewRun> batch = new ArrayList<>();
      for (int i = 0; i < 1200; i++) { // more than one JDBC batch
        batch.add(new NewRun("job", RunKind.SCHEDULED, NOW.plusSeconds(i), RunState.QUEUED, NOW.plusSeconds(i), 3, null));
      }
      batch.add(new NewRun("job", RunKind.SCHEDULED, NOW.plusSeconds(5000), RunState.MISSED, NOW, 3, RunQueue.PAUSED));
      jdbc.transaction(connection -> {
        RunQueue.recordFirings(connection, dialect, batch, NOW);
        return null;
      });

      List<Run> all = runs.history().history("job", 2000);
      assertThat(all).hasSize(1201);
      assertThat(runs.history().find(earlier).orElseThrow().state()).as("the run recorded before is untouched").isEqualTo(RunState.RUNNING);
      Run missed = all.get(0);
      assertThat(missed.state()).isEqualTo(RunState.MISSED);
      assertThat(missed.reason()).isEqualTo(RunQueue.PAUSED);
      assertThat(missed.finishedAt()).isEqualTo(NOW);
      assertThat(all.stream().filter(r -> r.state() == RunState.QUEUED)).hasSize(1199)
          .allSatisfy(r -> assertThat(r.maxAttempts()).isEqualTo(3));
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void pruningKeepsTheNewestRunsAndNeverAnUnfinishedOne(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc, leases) -> {
      for (int i = 0; i < 5; i++) {
        long id = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);
        leases.claim(runs.history().find(id).orElseThrow(), Overlap.ALLOW, new Claimant("node", "host", "boot", NOW, NOW.plusSeconds(30)),
            "/tmp/cronbeat-test-" + i + ".log");
        leases.complete(new Lease(id, 1, "node"), new AttemptEnd(NOW.plusSeconds(i), AttemptOutcome.SUCCEEDED, 0, "", null),
            new Transition.Finish(RunState.SUCCEEDED, 0, NOW.plusSeconds(i), null));
      }
      long queued = runs.enqueue("job", RunKind.MANUAL, NOW, 1, NOW, null);

      List<String> logs = runs.history().prune("job", 2, NOW.minusSeconds(3600));

      List<String> afterCount = List.copyOf(logs);
      List<String> afterAge = runs.history().prune("job", 100, NOW.plusSeconds(3600));

      assertThat(afterCount).containsExactlyInAnyOrder(
          "/tmp/cronbeat-test-0.log", "/tmp/cronbeat-test-1.log", "/tmp/cronbeat-test-2.log", "/tmp/cronbeat-test-3.log");
      assertThat(afterAge).containsExactly("/tmp/cronbeat-test-4.log");
      assertThat(runs.history().history("job", 10)).extracting(Run::id).containsExactly(queued);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void anAttemptOutcomeOnlyANewerVersionWritesReadsAsUnknownAndTheRestOfItsHistoryStillReads(TestStore.Kind kind)
      throws Exception {
    on(kind, (runs, jdbc, leases) -> {
      long id = runs.enqueue("job", RunKind.MANUAL, NOW, 2, NOW, null);
      leases.claim(runs.history().find(id).orElseThrow(), Overlap.ALLOW, new Claimant("node", "host", "boot", NOW, NOW.plusSeconds(30)),
          "/tmp/cronbeat-test.log");
      leases.complete(new Lease(id, 1, "node"), new AttemptEnd(NOW.plusSeconds(1), AttemptOutcome.FAILED, 1, "", "exit 1"),
          new Transition.Finish(RunState.FAILED, 1, NOW.plusSeconds(1), "exit 1"));
      // A second attempt, ended by a node of a newer version with an outcome this one does not know.
      jdbc.update("INSERT INTO cb_attempts (run_id, attempt, node_id, started_at, finished_at, outcome, reason)"
          + " VALUES (?, 2, 'newer', ?, ?, 'THROTTLED', 'rate limit')", id, NOW.plusSeconds(2).toEpochMilli(),
          NOW.plusSeconds(3).toEpochMilli());

      assertThat(runs.history().attempts(id)).extracting(a -> a.attempt(), a -> a.outcome(), a -> a.reason())
          .containsExactly(tuple(1, AttemptOutcome.FAILED, "exit 1"), tuple(2, AttemptOutcome.UNKNOWN, "rate limit"));
      assertThat(runs.history().attempts(List.of(id)).get(id)).hasSize(2);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void lastFinishedIsTheNewestFinalRunOfEachJobAndSkipsUnfinishedOnes(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc, leases) -> {
      runs.recordFiring("job", RunKind.SCHEDULED, NOW, RunState.MISSED, NOW, 1, NOW, "outage");
      long newest = runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(60), RunState.MISSED, NOW, 1, NOW, "outage")
          .orElseThrow();
      runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(120), RunState.QUEUED, NOW, 1, NOW, null);
      runs.recordFiring("other", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, NOW, null);

      Map<String, Run> last = runs.history().lastFinished();

      assertThat(last).containsOnlyKeys("job");
      assertThat(last.get("job").id()).isEqualTo(newest);
      assertThat(last.get("job").state()).isEqualTo(RunState.MISSED);
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void lastSucceededIsTheNewestSuccessfulFiringOrManualDueTimeOfEachJobAsked(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc, leases) -> {
      for (String job : List.of("by-hand", "failing", "not-asked")) {
        jdbc.update("INSERT INTO cb_jobs (name, definition, fingerprint, schedule_fingerprint, enabled, paused, updated_at)"
            + " VALUES (?, '{}', 'f', 'f', ?, ?, 0)", job, true, false);
      }
      runs.recordFiring("job", RunKind.SCHEDULED, NOW, RunState.SUCCEEDED, NOW, 1, NOW, null);
      manual(jdbc, "job", RunState.SUCCEEDED, NOW.plusSeconds(30));
      runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(60), RunState.FAILED, NOW.plusSeconds(60), 1, NOW, "exit 1");
      manual(jdbc, "job", RunState.QUEUED, NOW.plusSeconds(90));
      manual(jdbc, "by-hand", RunState.SUCCEEDED, NOW.plusSeconds(5));
      runs.recordFiring("failing", RunKind.SCHEDULED, NOW, RunState.FAILED, NOW, 1, NOW, "exit 1");
      runs.recordFiring("not-asked", RunKind.SCHEDULED, NOW, RunState.SUCCEEDED, NOW, 1, NOW, null);
      runs.recordFiring("job", RunKind.SCHEDULED, NOW.minusSeconds(60), RunState.SUCCEEDED, NOW.minusSeconds(60), 1, NOW, null);

      Map<String, Instant> last = runs.history().lastSucceeded(List.of("job", "by-hand", "failing", "gone"));

      assertThat(last).containsOnly(Map.entry("job", NOW.plusSeconds(30)), Map.entry("by-hand", NOW.plusSeconds(5)));
    });
  }

  /** A manual run: no firing of its own, only a due time. */
  private static void manual(Jdbc jdbc, String job, RunState state, Instant due) {
    jdbc.update("INSERT INTO cb_runs (job, kind, scheduled_at, state, due_at, attempts, max_attempts, created_at)"
        + " VALUES (?, 'MANUAL', NULL, ?, ?, 0, 1, ?)", job, state.name(), due.toEpochMilli(), due.toEpochMilli());
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void recentRunsAreEachJobsNewestInAnyStateNewestFirst(TestStore.Kind kind) throws Exception {
    on(kind, (runs, jdbc, leases) -> {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ids.add(runs.recordFiring("job", RunKind.SCHEDULED, NOW.plusSeconds(60L * i), i < 3 ? RunState.MISSED : RunState.QUEUED,
            NOW, 1, NOW, null).orElseThrow());
      }
      long other = runs.recordFiring("other", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, NOW, null).orElseThrow();

      Map<String, List<Run>> recent = runs.history().recent(3);

      assertThat(recent).containsOnlyKeys("job", "other");
      assertThat(recent.get("job")).extracting(Run::id).containsExactly(ids.get(3), ids.get(2), ids.get(1));
      assertThat(recent.get("job").get(0).state()).isEqualTo(RunState.QUEUED);
      assertThat(recent.get("other")).extracting(Run::id).containsExactly(other);
    });
  }
}
