package io.cronbeat.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.Database;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.RunHistory;
import io.cronbeat.store.Runs;
import io.cronbeat.store.TestJobs;
import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A resume turns the firings a paused job missed into catch-up runs as its {@code catch-up} policy
 * says (through {@link CatchUpPlan}, as after an outage), in the one transaction that unpauses it.
 */
class ResumeTest {

  private static final Instant PAUSED = Instant.parse("2026-11-23T12:00:00Z");
  /** Five firings a minute apart fall while the jobs are paused: 12:01 to 12:05. */
  private static final int MISSED = 5;
  private static final Instant RESUMED = PAUSED.plus(Duration.ofMinutes(10));
  /** {@code catch-up.max-runs} for these tests: below the missed firings, so {@code all} is capped. */
  private static final int CAP = 3;

  @TempDir Path dir;

  private interface Check {
    void run(RunService service, JobTable jobs, RunHistory runs);
  }

  private void on(TestStore.Kind kind, Check check) throws Exception {
    try (TestStore store = TestStore.create(kind, dir.resolve("data")); Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      JobTable jobs = TestJobs.declare(jdbc, dir, """
        jobs:
          none: {schedule: "* * * * *", command: "true", catch-up: none}
          latest: {schedule: "* * * * *", command: "true", catch-up: latest}
          all: {schedule: "* * * * *", command: "true", catch-up: all}
          running: {schedule: "* * * * *", command: "true", catch-up: all}
          old: {schedule: "* * * * *", command: "true", catch-up: all}
        """, PAUSED.minus(Duration.ofHours(2)));
      Runs runs = Runs.of(jdbc);
      for (String job : List.of("none", "latest", "all")) {
        jobs.setPaused(job, true, PAUSED);
        for (int minute = 1; minute <= MISSED; minute++) {
          Instant time = PAUSED.plus(Duration.ofMinutes(minute));
          runs.recordFiring(job, RunKind.SCHEDULED, time, RunState.MISSED, time, 1, time, RunQueue.PAUSED);
        }
      }
      pausedBeforeV3(jdbc, jobs, runs);
      check.run(new RunService(jobs, runs.queue(), runs.history(), Clock.fixed(RESUMED, ZoneOffset.UTC), CAP), jobs,
          runs.history());
    }
  }

  /**
   * Job "old": paused, resumed and paused again, the last time before migration V3, so its row
   * has no paused_at. Firings missed in its earlier pause (11:01, 11:02), one fired while it ran
   * (11:30), one missed in this pause (12:01).
   */
  private static void pausedBeforeV3(Jdbc jdbc, JobTable jobs, Runs runs) {
    for (Instant time : List.of(minute(-59), minute(-58))) {
      runs.recordFiring("old", RunKind.SCHEDULED, time, RunState.MISSED, time, 1, time, RunQueue.PAUSED);
    }
    runs.recordFiring("old", RunKind.SCHEDULED, minute(-30), RunState.QUEUED, minute(-30), 1, minute(-30), null);
    jobs.setPaused("old", true, PAUSED);
    jdbc.update("UPDATE cb_jobs SET paused_at = NULL WHERE name = ?", "old");
    runs.recordFiring("old", RunKind.SCHEDULED, minute(1), RunState.MISSED, minute(1), 1, minute(1), RunQueue.PAUSED);
  }

  /** The fire times of the job's runs in this state, oldest first. */
  private static List<Instant> times(RunHistory runs, String job, RunState state) {
    return runs.history(job, 100).stream().filter(r -> r.state() == state).map(Run::scheduledAt).sorted().toList();
  }

  private static Instant minute(int minute) {
    return PAUSED.plus(Duration.ofMinutes(minute));
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void eachPolicyQueuesWhatCatchUpPlanRunsAndLeavesTheRestMissed(TestStore.Kind kind) throws Exception {
    on(kind, (service, jobs, runs) -> {
      RunService.Resumed none = service.resume("none").orElseThrow();
      RunService.Resumed latest = service.resume("latest").orElseThrow();
      RunService.Resumed all = service.resume("all").orElseThrow();

      assertThat(none).isEqualTo(new RunService.Resumed(true, List.of(), "none"));
      assertThat(times(runs, "none", RunState.MISSED)).hasSize(MISSED);

      assertThat(latest.wasPaused()).isTrue();
      assertThat(latest.catchUp()).isEqualTo("latest");
      assertThat(latest.queued()).hasSize(1);
      assertThat(times(runs, "latest", RunState.QUEUED)).containsExactly(minute(5));
      assertThat(times(runs, "latest", RunState.MISSED)).containsExactly(minute(1), minute(2), minute(3), minute(4));

      assertThat(all.queued()).as("all, capped at catch-up.max-runs, the newest first").hasSize(CAP);
      assertThat(all.queued().stream().map(id -> runs.find(id).orElseThrow().scheduledAt()).toList())
          .containsExactly(minute(5), minute(4), minute(3));
      assertThat(times(runs, "all", RunState.MISSED)).containsExactly(minute(1), minute(2));
      for (long id : all.queued()) {
        Run run = runs.find(id).orElseThrow();
        assertThat(run.kind()).isEqualTo(RunKind.CATCH_UP);
        assertThat(run.dueAt()).isEqualTo(RESUMED);
        assertThat(run.reason()).isNull();
      }
      for (String job : List.of("none", "latest", "all")) {
        JobTable.StoredJob stored = jobs.find(job).orElseThrow();
        assertThat(stored.paused()).as(job).isFalse();
        assertThat(stored.pausedAt()).as(job).isNull();
      }
    });
  }

  /**
   * A job whose pause has no recorded start (paused before V3) catches up only the firings missed
   * after its last firing that was not missed for the pause: not those of an earlier pause, which
   * its resume back then decided about.
   */
  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aJobPausedBeforeItsPauseTimeWasKeptCatchesUpOnlyThisPause(TestStore.Kind kind) throws Exception {
    on(kind, (service, jobs, runs) -> {
      RunService.Resumed old = service.resume("old").orElseThrow();

      assertThat(old.queued().stream().map(id -> runs.find(id).orElseThrow().scheduledAt()).toList())
          .containsExactly(minute(1));
      assertThat(times(runs, "old", RunState.MISSED)).containsExactly(minute(-59), minute(-58));
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aSecondResumeAndAJobThatWasNotPausedQueueNothing(TestStore.Kind kind) throws Exception {
    on(kind, (service, jobs, runs) -> {
      service.resume("all").orElseThrow();
      RunService.Resumed again = service.resume("all").orElseThrow();
      RunService.Resumed running = service.resume("running").orElseThrow();

      assertThat(again).isEqualTo(new RunService.Resumed(false, List.of(), "all"));
      assertThat(running).isEqualTo(new RunService.Resumed(false, List.of(), "all"));
      assertThat(times(runs, "all", RunState.QUEUED)).hasSize(CAP);
      assertThat(service.resume("nope")).isEmpty();
    });
  }
}
