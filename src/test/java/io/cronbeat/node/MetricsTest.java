package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.cli.CliRun;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HttpCalls;
import io.cronbeat.testing.PrometheusText;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code /metrics}: valid Prometheus text whose series follow what the node does to runs. */
class MetricsTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void runsAttemptsLagAndQueueShowInTheSeries(TestStore.Kind kind) throws Exception {
    int port = HttpCalls.freePort();
    try (NodeHarness harness = new NodeHarness(kind, dir).set("CRONBEAT_HTTP_PORT", Integer.toString(port))) {
      harness.jobs("jobs.yaml", """
          jobs:
            tick:
              schedule: '@every 1s'
              command: 'true'
              overlap: allow
            broken:
              schedule: '@every 1s'
              command: 'exit 3'
              overlap: allow
            slow:
              schedule: '@every 1s'
              command: 'sleep 4'
              overlap: forbid
            napping:
              schedule: '@every 1s'
              command: 'true'
          """);
      harness.start();
      HttpCalls http = new HttpCalls(port);
      PrometheusText before = scrape(http);
      assertThat(CliRun.of(Clock.systemUTC(), harness.env(), "pause", "napping").exitCode()).isZero();
      assertThat(CliRun.of(Clock.systemUTC(), harness.env(), "submit", "--name", "later", "--in", "1h", "--", "true")
          .exitCode()).isZero();

      await().atMost(Duration.ofSeconds(40)).until(() -> {
        PrometheusText now = scrape(http);
        return runs(now, "tick", "SUCCEEDED") >= runs(before, "tick", "SUCCEEDED") + 2 && runs(now, "broken", "FAILED") >= 1
            && runs(now, "slow", "SKIPPED") >= 1 && runs(now, "napping", "MISSED") >= 1;
      });
      PrometheusText after = scrape(http);

      assertThat(before.types()).containsEntry("cronbeat_attempts_running", "gauge")
          .containsEntry("cronbeat_queue_due_runs", "gauge").containsEntry("cronbeat_queue_future_runs", "gauge")
          .containsEntry("cronbeat_store_errors_total", "counter").containsEntry("cronbeat_firing_lag_seconds", "histogram");
      // Each counted run is in the store; the store may already have a few more than the scrape saw.
      for (String[] jobState : new String[][] {{"tick", "SUCCEEDED"}, {"broken", "FAILED"}, {"slow", "SKIPPED"},
          {"napping", "MISSED"}}) {
        long stored = harness.runsOf(jobState[0]).stream().filter(r -> r.state() == RunState.valueOf(jobState[1])).count();
        assertThat(runs(after, jobState[0], jobState[1])).as(String.join(" ", jobState)).isBetween(1.0, (double) stored);
      }
      assertThat(after.valueOrZero("cronbeat_attempt_duration_seconds_count", Map.of("job", "tick")))
          .isGreaterThanOrEqualTo(before.valueOrZero("cronbeat_attempt_duration_seconds_count", Map.of("job", "tick")) + 2);
      assertThat(after.valueOrZero("cronbeat_attempt_duration_seconds_bucket", Map.of("job", "slow", "le", "1.0")))
          .as("a 4 s attempt is not under 1 s").isZero();
      assertThat(after.valueOrZero("cronbeat_firing_lag_seconds_count", Map.of()))
          .isGreaterThanOrEqualTo(before.valueOrZero("cronbeat_firing_lag_seconds_count", Map.of()) + 2);
      // The run submitted for in an hour, and at most one firing per job recorded ahead of its time.
      assertThat(gauge(after, "cronbeat_queue_future_runs")).isBetween(1.0, 5.0);
      assertThat(gauge(after, "cronbeat_queue_due_runs")).isBetween(0.0, 4.0);
      assertThat(after.samples()).allMatch(s -> s.labels().keySet().stream().allMatch(l -> l.equals("job")
          || l.equals("state") || l.equals("le")), "labels are job, state and histogram buckets only");
      assertThat(after.valueOrZero("cronbeat_store_errors_total", Map.of())).isZero();
      assertThat(gauge(after, "cronbeat_attempts_running")).isBetween(0.0, 4.0);
    }
  }

  /** A gauge's value; NaN (which no range holds) when the scrape lacks it. */
  private static double gauge(PrometheusText text, String name) {
    return text.value(name, Map.of()).orElse(Double.NaN);
  }

  private static double runs(PrometheusText text, String job, String state) {
    return text.valueOrZero("cronbeat_runs_total", Map.of("job", job, "state", state));
  }

  private static PrometheusText scrape(HttpCalls http) throws Exception {
    HttpResponse<String> response = http.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    return PrometheusText.parse(response.body());
  }
}
