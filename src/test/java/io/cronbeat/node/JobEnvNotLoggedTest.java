package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.sun.net.httpserver.HttpServer;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.LogCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * A job's env values are secrets (tokens, passwords), and so are an HTTP job's header values and its url's user
 * info and query: no log line of the node shows one.
 */
class JobEnvNotLoggedTest {

  private static final String SECRET = "s3cr3t-value-4242";

  @TempDir Path dir;

  @Test
  void envValuesOfAJobAppearInNoLogEvent() throws Exception {
    try (LogCapture logs = new LogCapture(Logger.ROOT_LOGGER_NAME, Level.DEBUG);
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

  @Test
  void secretsOfAnHttpJobAppearInNoLogEventNorItsAttemptLog() throws Exception {
    HttpServer server = HttpServer.create(
        new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    int refused;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      refused = socket.getLocalPort();
    }
    try (LogCapture logs = new LogCapture(Logger.ROOT_LOGGER_NAME, Level.DEBUG);
        NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir)) {
      harness.jobs("jobs.yaml", """
          jobs:
            answers-503:
              schedule: '@every 1s'
              env:
                API_TOKEN: %1$s
              http:
                url: http://user:%1$s@127.0.0.1:%2$d/hook?token=%1$s
                headers:
                  Authorization: Bearer ${API_TOKEN}
                  X-Literal: %1$s
              retry: {attempts: 2, backoff: 1s}
              notify:
                command: ['/bin/echo', 'notified']
            refused:
              schedule: '@every 1s'
              http:
                url: http://127.0.0.1:%3$d/hook?token=%1$s
                headers:
                  X-Literal: %1$s
          """.formatted(SECRET, server.getAddress().getPort(), refused));
      harness.start();
      await().atMost(Duration.ofSeconds(60)).until(() ->
          harness.runsOf("answers-503").stream().anyMatch(r -> r.state() == RunState.FAILED)
              && harness.runsOf("refused").stream().anyMatch(r -> r.state() == RunState.FAILED));
      harness.stop();

      assertThat(logs.events()).as("the node logged the failures")
          .anySatisfy(event -> assertThat(text(event)).contains("HTTP 503 from http://127.0.0.1:"))
          .anySatisfy(event -> assertThat(text(event)).contains("cannot connect to 127.0.0.1:" + refused));
      assertThat(logs.events()).allSatisfy(event -> assertThat(text(event)).doesNotContain(SECRET));
      for (String job : List.of("answers-503", "refused")) {
        for (Run run : harness.runsOf(job)) {
          for (var attempt : harness.history().attempts(run.id())) {
            assertThat(attempt.reason() + attempt.outputTail()).doesNotContain(SECRET);
            assertThat(Files.readString(Path.of(attempt.logPath()))).doesNotContain(SECRET);
          }
        }
      }
    } finally {
      server.stop(0);
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
