package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.cronbeat.cli.CliRun;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.LogCapture;
import io.cronbeat.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log.job-output}: each attempt's output lines in the node's log, with the attempt's job and run fields. */
class JobOutputLogTest {

  private static final String JOBS = """
      jobs:
        report:
          command: printf 'first line\\nsecond line\\nno newline at the end'
      """;

  @TempDir Path dir;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T10:00:00Z"));

  /** One run's output events, and the run's id. */
  private record Logged(long runId, List<ILoggingEvent> events) {}

  private Logged outputOfOneRun(String jobOutput) throws Exception {
    try (LogCapture logs = new LogCapture("io.cronbeat.output", Level.INFO);
        NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir).set("CRONBEAT_HTTP_PORT", "0")
            .set("CRONBEAT_LOG_JOB_OUTPUT", jobOutput).jobs("jobs.yaml", JOBS);
        Node node = Node.manual(harness.config(), clock)) {
      assertThat(CliRun.of(clock, harness.env(), "trigger", "report").exitCode()).isZero();
      assertThat(node.claimPass()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.runsOf("report").get(0).state().isFinal());
      Run run = harness.runsOf("report").get(0);
      assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
      return new Logged(run.id(), logs.events());
    }
  }

  @Test
  void everyOutputLineIsALogEventWithTheJobRunAndAttempt() throws Exception {
    Logged logged = outputOfOneRun("true");

    assertThat(logged.events()).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("first line", "second line", "no newline at the end");
    assertThat(logged.events()).allSatisfy(event -> assertThat(event.getMDCPropertyMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("job", "report", "run", Long.toString(logged.runId()), "attempt", "1")));
  }

  @Test
  void withoutTheSettingTheOutputStaysOutOfTheLog() throws Exception {
    assertThat(outputOfOneRun("false").events()).isEmpty();
  }
}
