package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.cronbeat.run.Attempt;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An http job on a real node: its retries, its outcome and its log, against a real HTTP server. */
class HttpJobTest {

  @TempDir Path dir;

  private final AtomicInteger status = new AtomicInteger(503);
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/tasks/cleanup", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Run")
          + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = ("status " + status.get() + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void unexpectedStatusIsRetriedThenFailsWithTheReasonAndASuccessSucceeds() throws Exception {
    try (NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir)) {
      harness.jobs("jobs.yaml", """
          jobs:
            cleanup:
              retry: {attempts: 2, backoff: 1s}
              timeout: 30s
              http:
                url: http://127.0.0.1:%d/tasks/cleanup?key=k3y-value
                headers:
                  X-Run: ${CRONBEAT_RUN_ID}-${CRONBEAT_ATTEMPT}
                body: full
          """.formatted(port));
      harness.start();

      long failing = harness.runs().enqueue("cleanup", RunKind.MANUAL, Instant.now(), 2, Instant.now(), null);
      await().atMost(Duration.ofSeconds(30)).until(() -> harness.history().find(failing).orElseThrow().state().isFinal());
      status.set(200);
      long passing = harness.runs().enqueue("cleanup", RunKind.MANUAL, Instant.now(), 2, Instant.now(), null);
      await().atMost(Duration.ofSeconds(30)).until(() -> harness.history().find(passing).orElseThrow().state().isFinal());

      Run failed = harness.history().find(failing).orElseThrow();
      assertThat(failed.state()).isEqualTo(RunState.FAILED);
      String reason = "HTTP 503 from http://127.0.0.1:" + port + "/tasks/cleanup (expected 2xx)";
      List<Attempt> attempts = harness.history().attempts(failing);
      assertThat(attempts).extracting(Attempt::outcome).containsExactly(AttemptOutcome.FAILED, AttemptOutcome.FAILED);
      assertThat(attempts).extracting(Attempt::reason).containsExactly(reason, reason);
      assertThat(attempts.get(1).outputTail()).endsWith("< HTTP/1.1 503\nstatus 503");
      assertThat(requests).startsWith("POST " + failing + "-1 full", "POST " + failing + "-2 full");
      Run succeeded = harness.history().find(passing).orElseThrow();
      assertThat(succeeded.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(succeeded.exitCode()).isZero();
      Path log = Path.of(harness.history().attempts(passing).get(0).logPath());
      assertThat(Files.readString(log)).isEqualTo("> POST http://127.0.0.1:" + port + "/tasks/cleanup\n< HTTP/1.1 200\nstatus 200\n");
    }
  }
}
