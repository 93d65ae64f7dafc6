package io.cronbeat.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.testing.HttpCalls;
import io.cronbeat.testing.LogCapture;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route that fails with an Error, not an exception, still answers: before, the exchange was
 * closed unanswered, and the client read nothing on its connection ("HTTP/1.1 header parser
 * received no bytes", seen once by a flood request in ApiFloodTest).
 */
class HttpEndpointFailureTest {

  private static final String TOKEN = "failure-test-token-0123456789";

  @TempDir Path dir;

  @Test
  void anErrorInARouteIsA500OnTheReadingThreadAndOnTheApiThreads() throws Exception {
    CronbeatConfig.Http http = new CronbeatConfig.Http(HttpCalls.freePort(), "127.0.0.1", TOKEN, List.of());
    // The node's status is read by /health/ready on a reading thread and by /api/version on an API thread.
    Supplier<NodeStatus> failing = () -> {
      throw new AssertionError("a driver's assertion, as under -ea");
    };
    try (LogCapture logs = new LogCapture("io.cronbeat.http", Level.WARN); HttpEndpoint endpoint = HttpEndpoint.bind(http)) {
      endpoint.serve(new HttpEndpoint.Sources(ApiToken.of(http, dir), failing, null, null, null));
      HttpCalls calls = new HttpCalls(http.port());

      HttpCalls.Answer ready = calls.answer("/health/ready");
      HttpCalls.Answer version = calls.answer("/api/version", "Authorization", "Bearer " + TOKEN);
      HttpCalls.Answer live = calls.answer("/health/live");

      assertThat(ready.status()).isEqualTo(500);
      assertThat(ready.json().get("error").asString()).isEqualTo("internal error; the node's log says more");
      assertThat(version.status()).isEqualTo(500);
      assertThat(version.json().get("error").asString()).isEqualTo("internal error; the node's log says more");
      assertThat(live.status()).as("the endpoint serves on").isEqualTo(200);
      assertThat(logs.events()).extracting(e -> e.getFormattedMessage())
          .contains("http: GET /health/ready failed: java.lang.AssertionError: a driver's assertion, as under -ea",
              "http: GET /api/version failed: java.lang.AssertionError: a driver's assertion, as under -ea");
    }
  }
}
