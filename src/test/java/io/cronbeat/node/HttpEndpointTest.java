package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.cronbeat.CronbeatException;
import io.cronbeat.cli.CliRun;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HttpCalls;
import io.cronbeat.testing.LogCapture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** A node's HTTP endpoint as a client sees it: health, the API's token, what it refuses. */
class HttpEndpointTest {

  @TempDir Path dir;

  private NodeHarness harness(TestStore.Kind kind, int port) throws Exception {
    return new NodeHarness(kind, dir).set("CRONBEAT_HTTP_PORT", Integer.toString(port));
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void healthAnswersWithoutATokenAndTheApiOnlyWithTheNodesToken(TestStore.Kind kind) throws Exception {
    int port = HttpCalls.freePort();
    try (LogCapture logs = new LogCapture("io.cronbeat", Level.DEBUG); NodeHarness harness = harness(kind, port)) {
      Node node = harness.start();
      HttpCalls http = new HttpCalls(port);

      HttpCalls.Answer live = http.answer("/health/live");
      HttpCalls.Answer ready = http.answer("/health/ready");
      HttpResponse<String> anonymous = http.get("/api/version");
      HttpResponse<String> wrong = http.get("/api/version", "Authorization", "Bearer not-the-token-at-all-0000");
      Path tokenFile = dir.resolve("data/http-token");
      String token = Files.readString(tokenFile).strip();
      HttpCalls.Answer version = http.answer("/api/version", "Authorization", "Bearer " + token);
      HttpCalls.Answer missing = http.answer("/api/nothing-here", "Authorization", "Bearer " + token);

      assertThat(live.status()).isEqualTo(200);
      assertThat(live.json().get("live").asBoolean()).isTrue();
      assertThat(ready.status()).isEqualTo(200);
      JsonNode body = ready.json();
      assertThat(body.get("ready").asBoolean()).isTrue();
      assertThat(body.get("node").asString()).isEqualTo(node.id());
      assertThat(body.get("checks").propertyNames()).containsExactly("store", "firing", "claiming");
      body.get("checks").forEach(check -> assertThat(check.get("ok").asBoolean()).isTrue());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"cronbeat\"");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(version.status()).isEqualTo(200);
      assertThat(version.json().get("node").asString()).isEqualTo(node.id());
      assertThat(missing.status()).isEqualTo(404);
      assertThat(token).hasSizeGreaterThanOrEqualTo(40);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
      assertThat(logs.events()).noneMatch(e -> e.getFormattedMessage().contains(token));
      assertThat(logs.events()).anyMatch(e -> e.getFormattedMessage().startsWith("http: listening on 127.0.0.1:" + port + " "));
    }
  }

  @Test
  void aConfiguredTokenReplacesTheFileAndIsMaskedInTheStartLine() throws Exception {
    int port = HttpCalls.freePort();
    String token = "s3cret-token-for-this-test-only";
    try (LogCapture logs = new LogCapture("io.cronbeat", Level.INFO);
        NodeHarness harness = harness(TestStore.Kind.H2, port).set("CRONBEAT_HTTP_TOKEN", token)) {
      harness.start();
      HttpCalls http = new HttpCalls(port);

      assertThat(http.answer("/api/version", "Authorization", "Bearer " + token).status()).isEqualTo(200);
      assertThat(http.answer("/api/version", "Authorization", "bearer " + token).status()).isEqualTo(200);
      assertThat(http.answer("/api/version", "Authorization", token).status()).isEqualTo(401);
      assertThat(http.answer("/api/version", "Authorization", "Bearer " + token + "x").status()).isEqualTo(401);
      assertThat(dir.resolve("data/http-token")).doesNotExist();
      assertThat(logs.events()).anyMatch(e -> e.getFormattedMessage().contains(" http.token=**** "));
      assertThat(logs.events()).noneMatch(e -> e.getFormattedMessage().contains(token));
    }
  }

  @Test
  void aNodeDrainingItsAttemptsAfterAStopIsLiveButNotReady() throws Exception {
    int port = HttpCalls.freePort();
    try (NodeHarness harness = harness(TestStore.Kind.H2, port).jobs("slow.yaml", "jobs:\n  slow:\n    command: sleep 3\n")) {
      Node node = harness.start();
      HttpCalls http = new HttpCalls(port);
      assertThat(CliRun.of(Clock.systemUTC(), harness.env(), "trigger", "slow").exitCode()).isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> !node.running().isEmpty());

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(node::stop);
      await().atMost(Duration.ofSeconds(5)).until(() -> http.answer("/health/ready").status() == 503);
      HttpCalls.Answer ready = http.answer("/health/ready");
      HttpCalls.Answer live = http.answer("/health/live");
      stopping.get(30, TimeUnit.SECONDS);

      assertThat(ready.json().get("checks").get("claiming").get("detail").asString()).isEqualTo("the node is stopping");
      assertThat(live.status()).isEqualTo(200);
      assertThat(harness.runsOf("slow")).singleElement().extracting(r -> r.state().name()).isEqualTo("SUCCEEDED");
    }
  }

  @Test
  void requestsNamingAnotherHostOrPostingFromAnotherSiteAreRefused() throws Exception {
    int port = HttpCalls.freePort();
    try (NodeHarness harness = harness(TestStore.Kind.H2, port).set("CRONBEAT_HTTP_HOSTS", "cron.internal, Other.Example")) {
      harness.start();
      HttpCalls http = new HttpCalls(port);
      String token = Files.readString(dir.resolve("data/http-token")).strip();

      // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1.
      HttpCalls.Answer rebound = http.raw("GET /health/ready HTTP/1.1\r\nHost: evil.example:" + port, "");
      HttpCalls.Answer reboundApi = http.raw("GET /api/version HTTP/1.1\r\nHost: evil.example\r\n"
          + "Authorization: Bearer " + token, "");
      HttpCalls.Answer noHost = http.raw("GET /health/live HTTP/1.0", "");
      HttpCalls.Answer crossSitePost = http.raw("POST /api/version HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nOrigin: http://evil.example\r\nAuthorization: Bearer " + token, "{\"command\":[\"rm\"]}");
      HttpCalls.Answer sameSitePost = http.raw("POST /api/version HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nOrigin: http://127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token, "{}");

      assertThat(rebound.status()).isEqualTo(421);
      assertThat(rebound.json().get("error").asString()).contains("http.hosts");
      assertThat(reboundApi.status()).isEqualTo(421);
      assertThat(noHost.status()).isEqualTo(421);
      assertThat(crossSitePost.status()).isEqualTo(403);
      assertThat(sameSitePost.status()).as("past the guard; no POST route yet").isEqualTo(405);
      for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "cron.internal:" + port,
          "other.example", "LOCALHOST"}) {
        assertThat(http.raw("GET /health/live HTTP/1.1\r\nHost: " + host, "").status()).as(host).isEqualTo(200);
      }
      assertThat(http.raw("GET /health/live HTTP/1.1\r\nHost: 10.1.2.3:" + port, "").status())
          .as("another address: only when bound to every interface").isEqualTo(421);
    }
  }

  @Test
  void theDashboardLoadsWithoutATokenUnderAPolicyThatAllowsOnlyItsOwnScript() throws Exception {
    int port = HttpCalls.freePort();
    try (NodeHarness harness = harness(TestStore.Kind.H2, port)) {
      harness.start();
      HttpCalls http = new HttpCalls(port);

      HttpResponse<String> page = http.get("/");
      HttpResponse<String> style = http.get("/dashboard/dashboard.css");
      HttpResponse<String> other = http.get("/dashboard/secret.txt");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
      String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/main.js\"></script>")
          .as("no inline script: the policy would block it").doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>")
          .doesNotContain("http://", "https://");
      for (String module : List.of("errors.js", "main.js", "api.js", "ui.js", "jobs.js", "job.js", "chart.js", "cluster.js")) {
        HttpResponse<String> script = http.get("/dashboard/" + module);
        assertThat(script.statusCode()).as(module).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).as(module).contains("text/javascript; charset=utf-8");
        assertThat(script.body()).as(module).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(",
            "localStorage", "document.write");
        assertThat(Pattern.compile("(?:from|import) '([^']+)'").matcher(script.body()).results().map(m -> m.group(1)))
            .as("%s imports only the node's own modules", module).allMatch(path -> path.matches("\\./[a-z]+\\.js"));
      }
      assertThat(http.get("/dashboard/api.js").body()).contains("sessionStorage");
      assertThat(style.statusCode()).isEqualTo(200);
      assertThat(style.body()).doesNotContain("@import", "url(http");
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(http.raw("GET / HTTP/1.1\r\nHost: evil.example:" + port, "").status()).isEqualTo(421);
    }
  }

  @Test
  void aNodeOnEveryInterfaceWithoutATokenDoesNotStart() throws Exception {
    try (NodeHarness harness = harness(TestStore.Kind.H2, HttpCalls.freePort()).set("CRONBEAT_HTTP_BIND", "0.0.0.0")) {
      Map<String, String> env = harness.env();

      // On its own thread: were the refusal gone, `run` would serve until a signal and the test must still end.
      CliRun run = CompletableFuture.supplyAsync(() -> CliRun.of(Clock.systemUTC(), env, "run"),
          runnable -> daemon(runnable).start()).get(60, TimeUnit.SECONDS);

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).isEqualTo("error: http.bind 0.0.0.0 is reachable from other machines and no http.token is set;"
          + " the node does not start\n  hint: set http.token (CRONBEAT_HTTP_TOKEN) to a long random secret, or set"
          + " http.bind to 127.0.0.1 (http.port 0 turns the endpoint off)\n");
      assertThat(dir.resolve("data")).as("refused before the store was touched").doesNotExist();
    }
  }

  private static Thread daemon(Runnable body) {
    Thread thread = new Thread(body, "refused-run");
    thread.setDaemon(true);
    return thread;
  }

  @Test
  void aNodeOnEveryInterfaceWithATokenServesAnyAddressOfThisMachine() throws Exception {
    int port = HttpCalls.freePort();
    try (NodeHarness harness = harness(TestStore.Kind.H2, port).set("CRONBEAT_HTTP_BIND", "0.0.0.0")
        .set("CRONBEAT_HTTP_TOKEN", "a-token-long-enough-1234")) {
      harness.start();
      HttpCalls http = new HttpCalls(port);

      assertThat(http.raw("GET /health/live HTTP/1.1\r\nHost: 10.1.2.3:" + port, "").status()).isEqualTo(200);
      assertThat(http.raw("GET /health/live HTTP/1.1\r\nHost: evil.example:" + port, "").status()).isEqualTo(421);
    }
  }

  @Test
  void aBusyPortStopsTheStartWithWhatToChange() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        NodeHarness harness = harness(TestStore.Kind.H2, taken.getLocalPort())) {
      assertThatThrownBy(harness::start).isInstanceOf(CronbeatException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .satisfies(e -> assertThat(((CronbeatException) e).hint()).contains("http.port (CRONBEAT_HTTP_PORT)"));
      assertThat(dir.resolve("data")).as("refused before the store was touched").doesNotExist();
    }
  }

  @Test
  void metricsAreOpenOnLoopbackAndAskForTheTokenWhenConfigured() throws Exception {
    int open = HttpCalls.freePort();
    int guarded = HttpCalls.freePort();
    String token = "a-token-long-enough-1234";
    try (NodeHarness loopback = harness(TestStore.Kind.H2, open)) {
      loopback.start();

      assertThat(new HttpCalls(open).answer("/metrics").status()).isEqualTo(200);
    }
    try (NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir.resolve("token"))
        .set("CRONBEAT_HTTP_PORT", Integer.toString(guarded)).set("CRONBEAT_HTTP_TOKEN", token)
        .set("CRONBEAT_HTTP_METRICS_ACCESS", "token")) {
      harness.start();
      HttpCalls http = new HttpCalls(guarded);

      HttpCalls.Answer anonymous = http.answer("/metrics");
      HttpCalls.Answer scraper = http.answer("/metrics", "Authorization", "Bearer " + token);

      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.json().get("error").asString()).startsWith("a bearer token is required");
      assertThat(scraper.status()).isEqualTo(200);
      assertThat(scraper.body()).contains("cronbeat_nodes_alive");
      assertThat(http.answer("/health/live").status()).as("health never asks").isEqualTo(200);
    }
  }

  @Test
  void aNodeOnEveryInterfaceAsksForTheTokenOnMetricsUnlessMetricsAreOpen() throws Exception {
    int auto = HttpCalls.freePort();
    int open = HttpCalls.freePort();
    String token = "a-token-long-enough-1234";
    try (NodeHarness harness = harness(TestStore.Kind.H2, auto).set("CRONBEAT_HTTP_BIND", "0.0.0.0")
        .set("CRONBEAT_HTTP_TOKEN", token)) {
      harness.start();
      HttpCalls http = new HttpCalls(auto);

      assertThat(http.answer("/metrics").status()).isEqualTo(401);
      assertThat(http.answer("/metrics", "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }
    try (NodeHarness harness = new NodeHarness(TestStore.Kind.H2, dir.resolve("open"))
        .set("CRONBEAT_HTTP_PORT", Integer.toString(open)).set("CRONBEAT_HTTP_BIND", "0.0.0.0")
        .set("CRONBEAT_HTTP_TOKEN", token).set("CRONBEAT_HTTP_METRICS_ACCESS", "open")) {
      harness.start();

      assertThat(new HttpCalls(open).answer("/metrics").status()).isEqualTo(200);
      assertThat(new HttpCalls(open).answer("/api/version").status()).as("the API keeps its token").isEqualTo(401);
    }
  }
}
