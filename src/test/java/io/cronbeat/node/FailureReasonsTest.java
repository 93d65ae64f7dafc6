package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.cronbeat.cli.CliRun;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.LogCapture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 10 item 2: why an attempt failed shows where people look, not only in --json. */
class FailureReasonsTest {

  @TempDir Path dir;

  private static CliRun cli(NodeHarness harness, String... args) {
    return CliRun.of(Clock.systemUTC(), harness.env(), args);
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL", "MARIADB"})
  void aShellLineSubmittedAsOneArgumentIsWarnedAboutAndItsFailureIsExplained(TestStore.Kind kind) throws Exception {
    try (LogCapture logs = new LogCapture("io.cronbeat", Level.INFO);
        NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.start();

      CliRun submit = cli(harness, "submit", "--", "echo hi > /tmp/x");
      long id = Long.parseLong(submit.out().replaceAll("(?s)queued run (\\d+).*", "$1"));
      await().atMost(Duration.ofSeconds(20))
          .until(() -> harness.history().find(id).orElseThrow().state() == RunState.FAILED);
      CliRun history = cli(harness, "history");
      CliRun logsOf = cli(harness, "logs", Long.toString(id));

      String reason = "cannot start: Cannot run program \"echo hi > /tmp/x\": no executable file found";
      assertThat(submit.exitCode()).isZero();
      assertThat(submit.err()).isEqualTo("""
          warning: the command is one argument with spaces or shell characters, and submit runs no shell: it starts a program named 'echo hi > /tmp/x'
            hint: to run it through a shell, write: bin/scheduler submit -- sh -c 'echo hi > /tmp/x'
          """);
      assertThat(history.out()).containsPattern("NODE +REASON\n")
          .containsPattern(id + " +adhoc +submitted +\\S+ +FAILED +1/1 +- +\\S+ +\\S+ +" + Pattern.quote(reason) + "\n");
      assertThat(logsOf.exitCode()).isEqualTo(1);
      assertThat(logsOf.out()).isEmpty();
      assertThat(logsOf.err()).isEqualTo("run " + id + " attempt 1 FAILED: " + reason + "\n");
      assertThat(logs.events()).map(ILoggingEvent::getFormattedMessage)
          .anySatisfy(line -> assertThat(line).startsWith("job=adhoc run=" + id + " attempt=1/1 ended FAILED (" + reason + ")"));
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2"})
  void aFailureWithOutputPrintsTheOutputAndItsReasonAndExitsZero(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.start();

      CliRun submit = cli(harness, "submit", "--", "/bin/sh", "-c", "echo oops; exit 4");
      long id = Long.parseLong(submit.out().replaceAll("(?s)queued run (\\d+).*", "$1"));
      await().atMost(Duration.ofSeconds(20))
          .until(() -> harness.history().find(id).orElseThrow().state() == RunState.FAILED);
      CliRun logsOf = cli(harness, "logs", Long.toString(id));

      assertThat(submit.err()).as("an argument vector is not warned about").isEmpty();
      assertThat(logsOf.exitCode()).isZero();
      assertThat(logsOf.out()).isEqualTo("oops\n");
      assertThat(logsOf.err()).isEqualTo("run " + id + " attempt 1 FAILED: exit 4\n");
    }
  }
}
