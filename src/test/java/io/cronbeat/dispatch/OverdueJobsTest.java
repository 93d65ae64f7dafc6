package io.cronbeat.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.Database;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.Runs;
import io.cronbeat.store.TestJobs;
import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which jobs are overdue, read from the store alone, on every database. */
class OverdueJobsTest {

  /** The jobs are declared at 11:59:30; "@hourly" fires at 12:00, 13:00, ... */
  private static final Instant DECLARED = Instant.parse("2026-11-23T11:59:30Z");
  private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  private interface Check {
    void run(OverdueJobs overdue, JobTable jobs, Runs runs);
  }

  private void on(TestStore.Kind kind, Optional<Duration> byDefault, Check check) throws Exception {
    try (TestStore store = TestStore.create(kind, dir.resolve("data")); Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      JobTable jobs = TestJobs.declare(jdbc, dir, """
        jobs:
          watched: {schedule: "@hourly", command: "true", expect: 10m}
          by-default: {schedule: "@hourly", command: "true"}
          opted-out: {schedule: "@hourly", command: "true", expect: "off"}
          disabled: {schedule: "@hourly", command: "true", expect: 10m, enabled: false}
          manual: {command: "true"}
        """, DECLARED);
      Runs runs = Runs.of(jdbc);
      check.run(new OverdueJobs(jobs, runs.history(), byDefault), jobs, runs);
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aWatchedJobIsOverdueOnceItsFiringsGracePassesWithoutASuccess(TestStore.Kind kind) throws Exception {
    on(kind, Optional.empty(), (overdue, jobs, runs) -> {
      assertThat(overdue.now(NOON.plus(Duration.ofMinutes(10)).minusMillis(1))).isEmpty();
      assertThat(overdue.now(NOON.plus(Duration.ofMinutes(10))))
          .containsExactly(Map.entry("watched", new OverdueJobs.Overdue("watched", NOON, NOON.plus(Duration.ofMinutes(10)))));

      // A run of that firing that failed, or is still running, changes nothing; its success ends it.
      long run = runs.recordFiring("watched", RunKind.SCHEDULED, NOON, RunState.QUEUED, NOON, 1, NOON, null).orElseThrow();
      Instant later = NOON.plus(Duration.ofMinutes(20));
      assertThat(overdue.now(later)).containsKey("watched");
      runs.queue().cancel(run, later, "test"); // not a success
      assertThat(overdue.now(later)).containsKey("watched");
      runs.recordFiring("watched", RunKind.SCHEDULED, NOON.plus(Duration.ofHours(1)), RunState.SUCCEEDED, later, 1, later, null);
      assertThat(overdue.now(later)).as("a later firing's success counts").isEmpty();
      assertThat(overdue.now(NOON.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(10))))
          .as("the next firing without a success").containsKey("watched");
    });
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void pausedDisabledOptedOutAndManualJobsAreNeverOverdueAndAResumeRestartsTheWatch(TestStore.Kind kind) throws Exception {
    on(kind, Optional.of(Duration.ofMinutes(5)), (overdue, jobs, runs) -> {
      Instant late = NOON.plus(Duration.ofMinutes(30));
      assertThat(overdue.now(late)).as("jobs.expect applies to the job that sets none; off, disabled and manual jobs are left out")
          .containsOnlyKeys("watched", "by-default");

      jobs.setPaused("watched", true, late);
      assertThat(overdue.now(late)).containsOnlyKeys("by-default");
      Instant resumed = NOON.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(30));
      jobs.setPaused("watched", false, resumed);
      assertThat(overdue.now(resumed)).as("firings missed while paused are not overdue").doesNotContainKey("watched");
      assertThat(overdue.now(NOON.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(10))).get("watched").due())
          .isEqualTo(NOON.plus(Duration.ofHours(4)));
    });
  }
}
