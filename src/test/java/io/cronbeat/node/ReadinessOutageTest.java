package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.store.TcpProxy;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HttpCalls;
import io.cronbeat.testing.PrometheusText;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code /health/ready} follows the database going away under a node and coming back; live stays up. */
class ReadinessOutageTest {

  @TempDir Path dir;

  /** A node on PostgreSQL through {@code proxy}, serving HTTP on {@code port}; the test's own reads go direct. */
  private NodeHarness throughProxy(TcpProxy proxy, int port) throws Exception {
    NodeHarness harness = new NodeHarness(TestStore.Kind.POSTGRESQL, dir);
    String direct = harness.env().get("CRONBEAT_STORE_URL");
    return harness.set("CRONBEAT_STORE_URL", direct.replace(":5432/", ":" + proxy.port() + "/"))
        .set("CRONBEAT_HTTP_PORT", Integer.toString(port));
  }

  @Test
  void readyTurnsFalseWithinTenSecondsOfTheStoreGoingAwayAndTrueAfterItComesBack() throws Exception {
    int port = HttpCalls.freePort();
    try (TcpProxy proxy = new TcpProxy(5432); NodeHarness harness = throughProxy(proxy, port)) {
      // No job: a firing batch cut mid-way trips an assert in the PostgreSQL driver (tests run with -ea) that
      // ends the firing thread; readiness would say so, but that is not what this test is about.
      harness.start();
      HttpCalls http = new HttpCalls(port);
      await().atMost(Duration.ofSeconds(10)).until(() -> http.answer("/health/ready").status() == 200);

      proxy.cut();
      Instant cut = Instant.now();
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> http.answer("/health/ready").status() == 503);
      Duration noticed = Duration.between(cut, Instant.now());
      HttpCalls.Answer down = http.answer("/health/ready");
      HttpCalls.Answer liveWhileDown = http.answer("/health/live");
      PrometheusText metricsWhileDown = PrometheusText.parse(http.get("/metrics").body());

      proxy.restore();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> http.answer("/health/ready").status() == 200);
      HttpCalls.Answer up = http.answer("/health/ready");

      JsonNode downBody = down.json();
      assertThat(downBody.get("ready").asBoolean()).isFalse();
      assertThat(downBody.get("checks").get("store").get("ok").asBoolean()).isFalse();
      assertThat(downBody.get("checks").get("store").get("detail").asString()).as("no answer in time, or refused at once")
          .matches("the database did not answer within 2000 ms|database error: .+");
      assertThat(noticed).isLessThan(Duration.ofSeconds(10));
      assertThat(liveWhileDown.status()).isEqualTo(200);
      assertThat(metricsWhileDown.value("cronbeat_queue_due_runs", Map.of())).as("unknown while the store is away")
          .hasValueSatisfying(v -> assertThat(v).isNaN());
      assertThat(up.json().get("ready").asBoolean()).isTrue();
      assertThat(PrometheusText.parse(http.get("/metrics").body()).valueOrZero("cronbeat_store_errors_total", Map.of()))
          .as("the outage's failed transactions are counted").isPositive();
    }
  }

  @Test
  void aNodeWaitingForItsDatabaseAtStartIsLiveButNotReady() throws Exception {
    int port = HttpCalls.freePort();
    try (TcpProxy proxy = new TcpProxy(5432); NodeHarness harness = throughProxy(proxy, port)) {
      proxy.cut();
      CompletableFuture<Node> starting = CompletableFuture.supplyAsync(harness::start);
      HttpCalls http = new HttpCalls(port);

      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> http.answer("/health/live").status() == 200);
      HttpCalls.Answer ready = http.answer("/health/ready");
      HttpCalls.Answer metrics = http.answer("/metrics");
      proxy.restore();
      Node node = starting.get(60, TimeUnit.SECONDS);
      HttpCalls.Answer readyAfter = http.answer("/health/ready");

      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().get("checks").get("started").get("detail").asString()).startsWith("the node is starting");
      assertThat(metrics.status()).isEqualTo(503);
      assertThat(readyAfter.status()).isEqualTo(200);
      assertThat(readyAfter.json().get("node").asString()).isEqualTo(node.id());
    }
  }
}
