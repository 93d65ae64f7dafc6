package io.cronbeat.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cronbeat.job.HttpCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Requests to a real JDK HTTP server on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpExecutorTest {

  /** What the server received. */
  record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {}

  @TempDir Path dir;

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch holding = new CountDownLatch(1);
  private final HttpExecutor executor = new HttpExecutor(1024 * 1024, 3, Map.of("API_TOKEN", "tok-from-node-env"));
  private HttpServer server;
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/ok", exchange -> answer(exchange, 200, "all good\n"));
    server.createContext("/down", exchange -> answer(exchange, 503, "maintenance\n"));
    server.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", "/ok");
      answer(exchange, 301, "");
    });
    server.createContext("/big", exchange -> answer(exchange, 200, "HEAD\n" + "x".repeat(100_000) + "\nLAST\n"));
    server.createContext("/slow", exchange -> {
      record(exchange);
      holding.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      answer(exchange, 200, "late\n");
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  private void answer(HttpExchange exchange, int status, String body) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/slow")) {
      record(exchange);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    } catch (IOException gone) {
      // the client went away
    }
  }

  private void record(HttpExchange exchange) throws IOException {
    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
  }

  private ProcessSpec spec(HttpCall call, Duration timeout) {
    return new ProcessSpec(List.of(), Optional.empty(), Map.of("CRONBEAT_RUN_ID", "42"), Optional.ofNullable(timeout),
        dir.resolve("logs/job/42-1.log"), Optional.of(call));
  }

  private static HttpCall get(String url) {
    return new HttpCall(url, "GET", Map.of(), null, HttpCall.DEFAULT_EXPECT);
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("logs/job/42-1.log"));
  }

  @Test
  void sendsMethodHeadersAndBodyAndLogsTheAnswer() throws Exception {
    HttpCall call = new HttpCall(base + "/ok?token=${API_TOKEN}", "POST",
        Map.of("Authorization", "Bearer ${API_TOKEN}", "Idempotency-Key", "run-${CRONBEAT_RUN_ID}"), "{\"full\": true}",
        HttpCall.DEFAULT_EXPECT);

    ProcessResult result = executor.run(spec(call, Duration.ofSeconds(30)), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.SUCCEEDED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.detail()).isEqualTo("HTTP 200 from " + base + "/ok");
    Received request = received.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.query()).isEqualTo("token=tok-from-node-env");
    assertThat(request.headers().get("Authorization")).containsExactly("Bearer tok-from-node-env");
    assertThat(request.headers().get("Idempotency-key")).containsExactly("run-42");
    assertThat(request.body()).isEqualTo("{\"full\": true}");
    assertThat(log()).isEqualTo("> POST " + base + "/ok\n< HTTP/1.1 200\nall good\n").doesNotContain("tok-from-node-env");
    assertThat(result.tail()).isEqualTo("> POST " + base + "/ok\n< HTTP/1.1 200\nall good");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("logs/job/42-1.log"))))
        .isEqualTo("rw-------");
  }

  @Test
  void unexpectedStatusIsAFailureWithOneLineSayingWhy() throws Exception {
    ProcessResult result = executor.run(spec(get(base + "/down"), null), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.FAILED);
    assertThat(result.exitCode()).isNull();
    assertThat(result.detail()).isEqualTo("HTTP 503 from " + base + "/down (expected 2xx)");
    assertThat(log()).endsWith("< HTTP/1.1 503\nmaintenance\n");
  }

  @Test
  void expectedCodesAndClassesDecideAndRedirectsAreNotFollowed() {
    HttpCall moved = new HttpCall(base + "/moved", "GET", Map.of(), null, List.of("200", "3xx"));
    HttpCall strict = new HttpCall(base + "/ok", "GET", Map.of(), null, List.of("204"));

    assertThat(executor.run(spec(moved, null), new ProcessRunner.Handle()).detail()).isEqualTo("HTTP 301 from " + base + "/moved");
    assertThat(executor.run(spec(strict, null), new ProcessRunner.Handle()).detail())
        .isEqualTo("HTTP 200 from " + base + "/ok (expected 204)");
    assertThat(received).extracting(Received::path).containsExactly("/moved", "/ok");
  }

  @Test
  void userInfoBecomesBasicAuthenticationAndStaysOutOfMessages() throws Exception {
    ProcessResult result = executor.run(spec(get("http://alice:pa55word@127.0.0.1:" + server.getAddress().getPort()
        + "/down?key=s3cret"), null), new ProcessRunner.Handle());

    assertThat(received.get(0).headers().get("Authorization")).containsExactly("Basic YWxpY2U6cGE1NXdvcmQ=");
    assertThat(result.detail()).isEqualTo("HTTP 503 from " + base + "/down (expected 2xx)");
    assertThat(log()).doesNotContain("pa55word").doesNotContain("s3cret");
  }

  @Test
  void largeBodyKeepsItsHeadAndTail() throws Exception {
    HttpExecutor small = new HttpExecutor(2048, 1, Map.of());

    small.run(spec(get(base + "/big"), null), new ProcessRunner.Handle());

    assertThat(log()).startsWith("> GET " + base + "/big\n< HTTP/1.1 200\nHEAD\n").endsWith("x\nLAST\n")
        .contains(" bytes of output left out]");
    assertThat(log().length()).isLessThan(2048 + 100);
  }

  @Test
  void timeoutAbortsTheRequest() throws Exception {
    ProcessResult result = executor.run(spec(get(base + "/slow"), Duration.ofSeconds(1)), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.TIMED_OUT);
    assertThat(result.detail()).isEqualTo("timed out after 1s; the request was aborted");
    assertThat(release.getCount()).as("the server never answered").isEqualTo(1);
  }

  @Test
  void stopAbortsARequestInFlight() throws Exception {
    ProcessRunner.Handle handle = new ProcessRunner.Handle();
    CompletableFuture<ProcessResult> result = CompletableFuture.supplyAsync(
        () -> executor.run(spec(get(base + "/slow"), null), handle));
    assertThat(holding.await(20, TimeUnit.SECONDS)).as("the server got the request").isTrue();

    handle.stop();

    ProcessResult ended = result.get(10, TimeUnit.SECONDS);
    assertThat(ended.outcome()).isEqualTo(ProcessResult.Outcome.CANCELLED);
    assertThat(ended.detail()).isEqualTo("cancelled; the request was aborted");
    assertThat(release.getCount()).as("the server was still holding the request").isEqualTo(1);
  }

  @Test
  void interruptIsTheNodeShuttingDown() throws Exception {
    CompletableFuture<ProcessResult> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      ProcessResult ended = executor.run(spec(get(base + "/slow"), null), new ProcessRunner.Handle());
      result.complete(Thread.currentThread().isInterrupted() ? ended : null);
    });
    thread.start();
    assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();

    thread.interrupt();

    ProcessResult ended = result.get(10, TimeUnit.SECONDS);
    assertThat(ended).as("ended with the interrupt flag set again").isNotNull();
    assertThat(ended.detail()).isEqualTo("stopped: the node is shutting down");
  }

  @Test
  void refusedConnectionSaysWhere() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }

    ProcessResult result = executor.run(spec(get("http://127.0.0.1:" + port + "/x"), null), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.FAILED);
    assertThat(result.detail()).isEqualTo("cannot connect to 127.0.0.1:" + port + ": Connection refused");
  }

  @Test
  void unsetVariableFailsBeforeAnythingIsSent() {
    HttpCall call = new HttpCall(base + "/ok", "GET", Map.of("Authorization", "Bearer ${NOT_SET_ANYWHERE}"), null,
        HttpCall.DEFAULT_EXPECT);

    ProcessResult result = executor.run(spec(call, null), new ProcessRunner.Handle());

    assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.NOT_STARTED);
    assertThat(result.detail()).isEqualTo("cannot start GET " + base
        + "/ok: ${NOT_SET_ANYWHERE} is not set in the node's environment or the job's env");
    assertThat(received).isEmpty();
  }

  @Test
  void stopBeforeTheStartSendsNothing() {
    ProcessRunner.Handle handle = new ProcessRunner.Handle();
    handle.stop();

    assertThat(executor.run(spec(get(base + "/ok"), null), handle).outcome()).isEqualTo(ProcessResult.Outcome.CANCELLED);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(received::isEmpty);
  }
}
