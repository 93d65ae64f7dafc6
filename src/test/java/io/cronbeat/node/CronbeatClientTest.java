package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronbeat.client.CronbeatClient;
import io.cronbeat.client.CronbeatClientException;
import io.cronbeat.client.RunResult;
import io.cronbeat.client.Task;
import io.cronbeat.run.Run;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HttpCalls;
import io.cronbeat.testing.SettableClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java client as an application uses it: submit a delayed command, await its end. */
class CronbeatClientTest {

  private static final String TOKEN = "client-test-token-0123456789";

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void aSubmittedTaskRunsAfterItsDelayAndAwaitReturnsItsEnd(TestStore.Kind kind) throws Exception {
    int port = HttpCalls.freePort();
    SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    Path sent = dir.resolve("sent");
    try (NodeHarness harness = new NodeHarness(kind, dir).set("CRONBEAT_HTTP_PORT", Integer.toString(port))
        .set("CRONBEAT_HTTP_TOKEN", TOKEN); Node node = Node.manual(harness.config(), clock)) {
      CronbeatClient client = new CronbeatClient(URI.create("http://127.0.0.1:" + port), TOKEN);

      Instant submitted = clock.instant();
      long id = client.submit(Task.command("/bin/sh", "-c", "echo \"$TO\" > " + sent, "sh").name("send-mail")
          .env("TO", "ops@example.com").in(Duration.ofMinutes(5)).retries(3));
      RunResult queued = client.run(id);
      long started = System.nanoTime();
      assertThatThrownBy(() -> client.await(id, Duration.ofMillis(300))).isInstanceOf(TimeoutException.class)
          .hasMessage("run " + id + " is still QUEUED after 0s");
      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      clock.advance(Duration.ofMinutes(5));
      assertThat(node.claimPass()).isEqualTo(1);
      RunResult done = client.await(id, Duration.ofSeconds(20));

      assertThat(queued.state()).isEqualTo("QUEUED");
      assertThat(queued.job()).isEqualTo("send-mail");
      assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(done.succeeded()).isTrue();
      assertThat(done.exitCode()).isZero();
      assertThat(done.attemptCount()).isEqualTo(1);
      assertThat(Files.readString(sent)).isEqualTo("ops@example.com\n");
      Run stored = harness.history().find(id).orElseThrow();
      assertThat(stored.maxAttempts()).isEqualTo(4);
      assertThat(harness.history().attempts(id).get(0).startedAt()).isAfterOrEqualTo(submitted.plus(Duration.ofMinutes(5)));
      assertThat(harness.runsOf("send-mail")).hasSize(1);
      assertThatThrownBy(() -> client.submit(Task.command("true").name("Bad Name")))
          .isInstanceOf(CronbeatClientException.class)
          .hasMessage("HTTP 400: `name`: 'Bad Name' is not allowed; use lowercase letters, digits, '.', '_' and '-',"
              + " starting with a letter or digit")
          .satisfies(e -> assertThat(((CronbeatClientException) e).status()).isEqualTo(400));
      assertThatThrownBy(() -> new CronbeatClient(URI.create("http://127.0.0.1:" + port), "wrong-token-0123456789").run(id))
          .isInstanceOf(CronbeatClientException.class).satisfies(e -> assertThat(((CronbeatClientException) e).status())
              .isEqualTo(401));
    }
  }
}
