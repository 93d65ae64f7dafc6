package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.cronbeat.store.Run;
import io.cronbeat.store.RunState;
import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A job's env values are secrets (tokens, passwords): no log line of the node shows one. */
class JobEnvNotLoggedTest {

  private static final String SECRET = "s3cr3t-value-4242";

  @TempDir Path dir;

  @Test
  void envValuesOfAJobAppearInNoLogEvent() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger cronbeat = (Logger) LoggerFactory.getLogger("io.cronbeat");
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    Level level = cronbeat.getLevel();
    cronbeat.setLevel(Level.DEBUG);
    try (NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir)) {
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
      assertThat(logs.list).as("the node logged its work").hasSizeGreaterThan(5);
      assertThat(logs.list).allSatisfy(event -> assertThat(text(event)).doesNotContain(SECRET));
    } finally {
      root.detachAppender(logs);
      cronbeat.setLevel(level);
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
