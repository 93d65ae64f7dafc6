package io.cronbeat.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.AttemptEnd;
import io.cronbeat.store.Database;
import io.cronbeat.store.Jdbc;
import io.cronbeat.store.NewRun;
import io.cronbeat.store.StoreProbe;
import io.cronbeat.store.TestStore;
import io.cronbeat.store.Transition;
import io.cronbeat.testing.PrometheusText;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each outcome the dispatcher reports lands in its series, and only there. */
class NodeMetricsTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  private static Run run(String job, Instant scheduledAt) {
    return new Run(1, job, RunKind.SCHEDULED, scheduledAt, RunState.RUNNING, scheduledAt, 1, 3, "node", null, null, null, null,
        null, 0);
  }

  private static AttemptEnd end(AttemptOutcome outcome) {
    return new AttemptEnd(NOW, outcome, null, "", null);
  }

  @Test
  void outcomesRetriesLostAttemptsAndLagGoToTheirSeries() throws Exception {
    try (TestStore store = TestStore.create(TestStore.Kind.H2, dir);
        Database database = Database.open(store.config(Map.of()));
        StoreProbe probe = new StoreProbe(new Jdbc(database.dataSource()), Duration.ofSeconds(5))) {
      NodeMetrics metrics = new NodeMetrics(Clock.fixed(NOW, ZoneOffset.UTC), probe, () -> 3,
          () -> new NodeStatus("node", false, false, false, 2));
      Run backup = run("backup", NOW.minusSeconds(2));

      metrics.attemptStarted(backup, 1, NOW);
      metrics.attemptStarted(backup, 2, NOW.plusSeconds(60)); // a retry starts late on purpose: no lag sample
      metrics.attemptStarted(run("manual", null), 1, NOW); // not fired by a schedule: no lag either
      metrics.attemptRecorded(backup, end(AttemptOutcome.FAILED),
          new Transition.Requeue(NOW, 1, "exit 1", false), Duration.ofSeconds(3));
      metrics.attemptRecorded(backup, end(AttemptOutcome.LOST), new Transition.Requeue(NOW, null, "lease ran out", true),
          Duration.ofSeconds(1));
      metrics.attemptRecorded(backup, end(AttemptOutcome.CANCELLED),
          new Transition.Cancelled(NOW, "asked"), Duration.ofMillis(50));
      metrics.attemptRecorded(backup, end(AttemptOutcome.TIMED_OUT),
          new Transition.Finish(RunState.TIMED_OUT, null, NOW, "timeout"),
          Duration.ofSeconds(20));
      metrics.skipped(backup);
      metrics.recovered(run("report", NOW), true);
      metrics.recovered(run("report", NOW), false);
      metrics.firingsRecorded(List.of(
          new NewRun("report", RunKind.CATCH_UP, NOW.minusSeconds(120), RunState.MISSED, NOW, 1, "no node ran"),
          new NewRun("report", RunKind.SCHEDULED, NOW.minusSeconds(60), RunState.MISSED, NOW, 1, "job paused"),
          new NewRun("report", RunKind.SCHEDULED, NOW, RunState.QUEUED, NOW, 1, null)));
      PrometheusText text = PrometheusText.parse(metrics.scrape());

      assertThat(text.samples().stream().filter(s -> s.name().equals("cronbeat_runs_total"))
          .map(s -> s.labels().get("job") + " " + s.labels().get("state") + " " + s.value()))
          .containsExactlyInAnyOrder("backup CANCELLED 1.0", "backup TIMED_OUT 1.0", "backup SKIPPED 1.0",
              "report FAILED 1.0", "report MISSED 2.0");
      assertThat(text.value("cronbeat_retries_total", Map.of("job", "backup"))).contains(1.0);
      assertThat(text.value("cronbeat_attempts_lost_total", Map.of("job", "backup"))).contains(1.0);
      assertThat(text.value("cronbeat_attempts_lost_total", Map.of("job", "report"))).contains(2.0);
      assertThat(text.value("cronbeat_firing_lag_seconds_count", Map.of())).contains(1.0);
      assertThat(text.value("cronbeat_firing_lag_seconds_sum", Map.of())).contains(2.0);
      assertThat(text.value("cronbeat_firing_lag_seconds_bucket", Map.of("le", "1.0"))).contains(0.0);
      assertThat(text.value("cronbeat_firing_lag_seconds_bucket", Map.of("le", "2.0"))).contains(1.0);
      assertThat(text.value("cronbeat_attempt_duration_seconds_count", Map.of("job", "backup"))).contains(4.0);
      assertThat(text.value("cronbeat_attempt_duration_seconds_sum", Map.of("job", "backup"))).contains(24.05);
      assertThat(text.value("cronbeat_attempts_running", Map.of())).contains(2.0);
      assertThat(text.value("cronbeat_store_errors_total", Map.of())).contains(3.0);
      assertThat(text.value("cronbeat_queue_due_runs", Map.of())).contains(0.0);
    }
  }
}
