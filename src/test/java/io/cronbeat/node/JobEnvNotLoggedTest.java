package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.cronbeat.store.Run;
import io.cronbeat.store.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's env values are secrets (tokens, passwords): no log line of the node shows one. */
class JobEnvNotLoggedTest {

  private static final String SECRET = "s3cr3t-value-4242";

  @TempDir Path dir;

  @Test
  void envValuesOfAJobAppearInNoLogEvent() throws Exception {
    try (LogCapture logs = new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.DEBUG);
        NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir)) {
      harness.jobs("jobs.yaml", """
          jobs:
            ok:
              schedule: '@every 1s'
              command: 'test "$SECRET_TOKEN" = %1$s'
              env:
                SECRET_TOKEN: %1$s
            failing:
              schedule: '@every 1s'
              command: 'exit 3'
              env:
                SECRET_TOKEN: %1$s
              retry:
                attempts: 2
                backoff: 1s
              notify:
                command: ['/bin/echo', 'notified']
          """.formatted(SECRET));
      harness.start();
      await().atMost(Duration.ofSeconds(60)).until(() ->
          harness.runsOf("ok").stream().anyMatch(r -> r.state() == RunState.SUCCEEDED)
              && harness.runsOf("failing").stream().anyMatch(r -> r.state() == RunState.FAILED));
      harness.jobs("jobs.yaml", "jobs:\n  ok:\n    command: 'true'\n    env:\n      SECRET_TOKEN: changed-" + SECRET + "\n");
      harness.node.reload();
      harness.stop();

      assertThat(harness.runsOf("ok")).extracting(Run::state).contains(RunState.SUCCEEDED);
      assertThat(logs.events()).as("the node logged its work").hasSizeGreaterThan(5);
      assertThat(logs.events()).allSatisfy(event -> assertThat(text(event)).doesNotContain(SECRET));
    }
  }

  /** The message with its arguments, and any exception's messages. */
  private static String text(ILoggingEvent event) {
    StringBuilder all = new StringBuilder(event.getFormattedMessage());
    for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
      all.append(" | ").append(cause.getMessage());
    }
    return all.toString();
  }
}
