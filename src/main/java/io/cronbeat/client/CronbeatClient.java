package io.cronbeat.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an application calls to hand work to cronbeat and go on: its {@code .delay()}. Only the
 * JDK's HttpClient and Jackson; it knows the API's JSON and nothing else of cronbeat.
 *
 * <pre>{@code
 * CronbeatClient client = new CronbeatClient(URI.create("http://127.0.0.1:8099"), token);
 * long run = client.submit(Task.command("send-mail", "--to", x).in(Duration.ofMinutes(5)).retries(3));
 * RunResult result = client.await(run, Duration.ofMinutes(10));
 * }</pre>
 */
public final class CronbeatClient {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** @param base the node, e.g. {@code http://127.0.0.1:8099}; @param token its {@code http.token} or DATA/http-token */
  public CronbeatClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /**
   * Queues the task and returns the run's id. Sent with a fresh {@code Idempotency-Key}, and sent
   * again with the same key if the connection fails, so a retried call never queues a second run.
   */
  public long submit(Task task) {
    String key = UUID.randomUUID().toString();
    HttpRequest request = request("/api/runs").header("Content-Type", "application/json").header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(task.body()))).build();
    IOException last = null;
    for (int tries = 1; tries <= 3; tries++) {
      try {
        return read(send(request)).get("id").asLong();
      } catch (IOException e) {
        last = e;
      }
    }
    throw new CronbeatClientException(0, "cannot reach " + base + ": " + last.getMessage(), last);
  }

  /** The run as it is now. */
  public RunResult run(long id) {
    try {
      return result(read(send(request("/api/runs/" + id).GET().build())));
    } catch (IOException e) {
      throw new CronbeatClientException(0, "cannot reach " + base + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits for the run to end and returns it, whatever its final state.
   *
   * @throws TimeoutException when it has not ended within {@code limit}
   */
  public RunResult await(long id, Duration limit) throws TimeoutException, InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (true) {
      RunResult run = run(id);
      if (run.finished()) {
        return run;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new TimeoutException("run " + id + " is still " + run.state() + " after " + limit.toSeconds() + "s");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT).header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static JsonNode read(HttpResponse<String> response) {
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (RuntimeException e) {
      throw new CronbeatClientException(response.statusCode(), "HTTP " + response.statusCode() + ": " + response.body(), e);
    }
    if (response.statusCode() >= 300) {
      JsonNode error = body == null ? null : body.get("error");
      throw new CronbeatClientException(response.statusCode(), "HTTP " + response.statusCode() + ": "
          + (error == null ? response.body() : error.asString()), null);
    }
    return body;
  }

  private static RunResult result(JsonNode run) {
    JsonNode exit = run.get("exitCode");
    JsonNode reason = run.get("reason");
    JsonNode finished = run.get("finishedAt");
    return new RunResult(run.get("id").asLong(), run.get("job").asString(), run.get("state").asString(),
        exit == null || exit.isNull() ? null : exit.asInt(), reason == null || reason.isNull() ? null : reason.asString(),
        run.get("attemptCount").asInt(), finished == null || finished.isNull() ? null : Instant.parse(finished.asString()));
  }
}
