package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.cli.CliRun;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HttpCalls;
import io.cronbeat.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The JSON API of a node stepped by hand on a settable clock, called as an application calls
 * it: what each route shows, what each POST changes, and what it refuses.
 */
class ApiTest {

  private static final String TOKEN = "api-test-token-0123456789";
  private static final String JOBS = """
      jobs:
        hello:
          schedule: '0 3 * * *'
          command: ["/bin/sh", "-c", "echo one; echo two; echo three \\"$@\\"", "sh"]
        shelled:
          command: echo hi
        slow:
          command: sleep 30
      """;

  @TempDir Path dir;

  private final SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  private int port;

  private NodeHarness harness(TestStore.Kind kind) throws Exception {
    port = HttpCalls.freePort();
    return new NodeHarness(kind, dir).set("CRONBEAT_HTTP_PORT", Integer.toString(port)).set("CRONBEAT_HTTP_TOKEN", TOKEN)
        .jobs("jobs.yaml", JOBS);
  }

  private ApiClient api() {
    return new ApiClient(port, TOKEN);
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void aTriggeredRunIsShownWithItsAttemptsOutputJobAndNode(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = harness(kind); Node node = Node.manual(harness.config(), clock)) {
      ApiClient api = api();

      ApiClient.Reply triggered = api.post("/api/jobs/hello/runs", "{\"env\": {\"SECRET\": \"hunter2-value\"}, \"args\": [\"four\"]}");
      long id = triggered.json().get("id").asLong();
      assertThat(node.claimPass()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/runs/" + id).json().get("state").asString()
          .equals("SUCCEEDED"));
      JsonNode run = api.get("/api/runs/" + id).json();
      ApiClient.Reply output = api.get("/api/runs/" + id + "/output");
      ApiClient.Reply tail = api.get("/api/runs/" + id + "/output?tail=1");
      ApiClient.Reply noAttempt = api.get("/api/runs/" + id + "/output?attempt=2");
      JsonNode jobs = api.get("/api/jobs").json().get("jobs");
      JsonNode hello = api.get("/api/jobs/hello").json();
      JsonNode nodes = api.get("/api/nodes").json().get("nodes");

      assertThat(triggered.status()).isEqualTo(201);
      assertThat(triggered.header("Location")).isEqualTo("/api/runs/" + id);
      assertThat(triggered.json().get("state").asString()).isEqualTo("QUEUED");
      assertThat(triggered.json().get("kind").asString()).isEqualTo("manual");
      assertThat(triggered.body()).doesNotContain("hunter2-value");
      assertThat(run.get("job").asString()).isEqualTo("hello");
      assertThat(run.get("attemptCount").asInt()).isEqualTo(1);
      assertThat(run.get("exitCode").asInt()).isZero();
      assertThat(run.get("node").asString()).isEqualTo(node.id());
      assertThat(run.get("attempts")).singleElement().satisfies(attempt -> {
        assertThat(attempt.get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(attempt.get("outputTail").asString()).isEqualTo("one\ntwo\nthree four");
        assertThat(Instant.parse(attempt.get("startedAt").asString())).isNotNull();
      });
      assertThat(output.status()).isEqualTo(200);
      assertThat(output.header("Content-Type")).startsWith("text/plain");
      assertThat(output.body()).isEqualTo("one\ntwo\nthree four\n");
      assertThat(tail.body()).isEqualTo("three four\n");
      assertThat(noAttempt.status()).isEqualTo(404);
      assertThat(noAttempt.json().get("error").asString()).isEqualTo("run " + id + " has no attempt 2 (it has 1)");
      assertThat(jobs.findValuesAsString("name")).containsExactly("hello", "shelled", "slow");
      assertThat(hello.get("schedule").asString()).isEqualTo("0 3 * * *");
      assertThat(hello.get("zone").asString()).isEqualTo("UTC");
      assertThat(hello.get("description").asString()).isNotBlank();
      assertThat(hello.get("nextFireTimes")).hasSize(3)
          .allSatisfy(time -> assertThat(time.asString()).endsWith("T03:00:00Z"));
      assertThat(hello.get("lastRun").get("id").asLong()).isEqualTo(id);
      assertThat(hello.get("paused").asBoolean()).isFalse();
      assertThat(hello.get("enabled").asBoolean()).isTrue();
      assertThat(hello.get("overdue").isNull()).as("a job with no expect is never overdue").isTrue();
      assertThat(hello.get("recentRuns")).singleElement().satisfies(recent -> {
        assertThat(recent.get("id").asLong()).isEqualTo(id);
        assertThat(recent.get("state").asString()).isEqualTo("SUCCEEDED");
      });
      assertThat(jobs.get(1).get("recentRuns")).as("shelled has not run").isEmpty();
      assertThat(api.get("/api/nodes").json().get("queued").asInt()).isZero();
      assertThat(api.post("/api/jobs/shelled/runs", "{}").status()).isEqualTo(201);
      assertThat(api.get("/api/nodes").json().get("queued").asInt()).as("queued, not claimed").isEqualTo(1);
      assertThat(nodes).singleElement().satisfies(n -> {
        assertThat(n.get("id").asString()).isEqualTo(node.id());
        assertThat(n.get("alive").asBoolean()).isTrue();
        assertThat(n.get("runningAttempts").asInt()).isZero();
      });
      assertThat(api.get("/api/jobs/nope").status()).isEqualTo(404);
      assertThat(api.get("/api/jobs/nope").json().get("error").asString()).startsWith("no job named 'nope'");
      assertThat(api.get("/api/runs/999999").json().get("error").asString())
          .isEqualTo("no run 999999; GET /api/runs lists the runs");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void aJobPastItsGraceWithoutASuccessIsOverdueInBothJobRoutes(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = harness(kind).jobs("watched.yaml", """
            jobs:
              watched:
                schedule: "@every 1m"
                command: "true"
                expect: 30s
            """);
        Node node = Node.manual(harness.config(), clock)) {
      ApiClient api = api();
      // Synced now: the first firing is the next whole minute. No pass runs it.
      Instant due = clock.instant().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);

      clock.advance(Duration.between(clock.instant(), due.plusSeconds(29)));
      JsonNode withinGrace = api.get("/api/jobs/watched").json();
      clock.advance(Duration.ofSeconds(61));
      JsonNode watched = api.get("/api/jobs/watched").json();
      JsonNode listed = api.get("/api/jobs").json().get("jobs");

      assertThat(withinGrace.get("overdue").isNull()).as("within its 30 s grace").isTrue();
      assertThat(watched.get("overdue").get("due").asString()).isEqualTo(due.toString());
      assertThat(watched.get("overdue").get("since").asString()).isEqualTo(due.plusSeconds(30).toString());
      assertThat(listed.findValuesAsString("name")).containsExactly("hello", "shelled", "slow", "watched");
      assertThat(listed.get(3).get("overdue")).isEqualTo(watched.get("overdue"));
      assertThat(listed.get(0).get("overdue").isNull()).as("hello declares no expect").isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void runsArePagedNewestFirstAndFiltered(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = harness(kind); Node node = Node.manual(harness.config(), clock)) {
      ApiClient api = api();
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(api.post("/api/runs", "{\"command\": [\"true\"], \"name\": \"page-" + (i % 2) + "\"}").json().get("id").asLong());
      }

      JsonNode first = api.get("/api/runs?limit=2").json();
      JsonNode second = api.get("/api/runs?limit=2&before=" + first.get("next").asString()).json();
      JsonNode last = api.get("/api/runs?limit=2&before=" + second.get("next").asString()).json();
      JsonNode ofJob = api.get("/api/runs?job=page-1").json();
      JsonNode queued = api.get("/api/runs?state=queued&since=1h").json();
      ApiClient.Reply badState = api.get("/api/runs?state=DONE");
      ApiClient.Reply badLimit = api.get("/api/runs?limit=1001");

      assertThat(first.get("runs").findValuesAsString("id")).containsExactly(id(ids, 4), id(ids, 3));
      assertThat(second.get("runs").findValuesAsString("id")).containsExactly(id(ids, 2), id(ids, 1));
      assertThat(last.get("runs").findValuesAsString("id")).containsExactly(id(ids, 0));
      assertThat(last.get("next").isNull()).isTrue();
      assertThat(ofJob.get("runs").findValuesAsString("id")).containsExactly(id(ids, 3), id(ids, 1));
      assertThat(queued.get("runs")).hasSize(5);
      assertThat(badState.status()).isEqualTo(400);
      assertThat(badState.json().get("field").asString()).isEqualTo("state");
      assertThat(badState.json().get("error").asString()).startsWith("`state`: 'DONE' is not a run state; write one of QUEUED,");
      assertThat(badLimit.json().get("error").asString()).isEqualTo("`limit`: '1001' must be a whole number from 1 to 1000");
    }
  }

  private static String id(List<Long> ids, int index) {
    return ids.get(index).toString();
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void theSameIdempotencyKeyQueuesOneRunEvenAtOnceAndItRunsAfterItsDelay(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = harness(kind); Node node = Node.manual(harness.config(), clock)) {
      ApiClient api = api();
      String body = "{\"command\": [\"/bin/sh\", \"-c\", \"echo sent\"], \"name\": \"send-mail\", \"in\": \"5m\", \"retries\": 2}";
      Instant submitted = clock.instant();

      ApiClient.Reply first = api.post("/api/runs", body, "Idempotency-Key", "order-1");
      ApiClient.Reply again = api.post("/api/runs", body, "Idempotency-Key", "order-1");
      ApiClient.Reply otherBody = api.post("/api/runs", body.replace("5m", "6m"), "Idempotency-Key", "order-1");
      List<ApiClient.Reply> atOnce = atOnce(8, () -> api.post("/api/runs", body, "Idempotency-Key", "\"order-2\""));
      int claimedEarly = node.claimPass();
      clock.advance(Duration.ofMinutes(5));
      int claimed = node.claimPass();
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.runsOf("send-mail").stream()
          .allMatch(r -> r.state() == RunState.SUCCEEDED));

      long id = first.json().get("id").asLong();
      assertThat(first.status()).isEqualTo(201);
      assertThat(first.json().get("attemptLimit").asInt()).isEqualTo(3);
      assertThat(Instant.parse(first.json().get("dueAt").asString())).isEqualTo(submitted.plus(Duration.ofMinutes(5)));
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().get("id").asLong()).isEqualTo(id);
      assertThat(otherBody.status()).isEqualTo(422);
      assertThat(otherBody.json().get("field").asString()).isEqualTo("Idempotency-Key");
      assertThat(otherBody.json().get("error").asString()).contains("it queued run " + id);
      assertThat(atOnce.stream().map(ApiClient.Reply::status)).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
      assertThat(atOnce.stream().map(r -> r.json().get("id").asLong()).distinct()).hasSize(1);
      assertThat(harness.runsOf("send-mail")).hasSize(2);
      assertThat(claimedEarly).as("not before its delay").isZero();
      assertThat(claimed).isEqualTo(2);
      assertThat(harness.history().attempts(id)).singleElement()
          .satisfies(a -> assertThat(a.startedAt()).isAfterOrEqualTo(submitted.plus(Duration.ofMinutes(5))));
    }
  }

  static <T> List<T> atOnce(int count, Callable<T> call) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(threads.submit(() -> {
          start.await();
          return call.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void triggerPauseResumeAndCancelChangeWhatHistoryShows(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = harness(kind); Node node = Node.manual(harness.config(), clock)) {
      ApiClient api = api();

      ApiClient.Reply paused = api.post("/api/jobs/hello/pause", "");
      ApiClient.Reply resumed = api.post("/api/jobs/hello/resume", "");
      ApiClient.Reply resumedAgain = api.post("/api/jobs/hello/resume", "");
      long later = api.post("/api/jobs/hello/runs", "{\"in\": \"1h\"}").json().get("id").asLong();
      ApiClient.Reply cancelQueued = api.post("/api/runs/" + later + "/cancel", "");
      ApiClient.Reply cancelAgain = api.post("/api/runs/" + later + "/cancel", "");
      long slow = api.post("/api/jobs/slow/runs", "").json().get("id").asLong();
      node.claimPass();
      await().atMost(Duration.ofSeconds(20)).until(() -> !node.running().isEmpty());
      ApiClient.Reply cancelRunning = api.post("/api/runs/" + slow + "/cancel", "");
      node.upkeepPass(); // its node sees the request at its next beat and stops the process tree
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(slow).orElseThrow().state().isFinal());
      CliRun history = CliRun.of(clock, harness.env(), "history");

      assertThat(paused.status()).isEqualTo(200);
      assertThat(paused.json().get("job").get("paused").asBoolean()).isTrue();
      assertThat(paused.json().get("job").get("nextFireTimes")).isEmpty();
      assertThat(resumed.json().get("job").get("paused").asBoolean()).isFalse();
      assertThat(resumed.json().get("wasPaused").asBoolean()).isTrue();
      assertThat(resumedAgain.json().get("wasPaused").asBoolean()).isFalse();
      assertThat(cancelQueued.status()).isEqualTo(200);
      assertThat(cancelQueued.json().get("state").asString()).isEqualTo("CANCELLED");
      assertThat(cancelAgain.status()).isEqualTo(409);
      assertThat(cancelAgain.json().get("error").asString()).isEqualTo("run " + later + " had already ended CANCELLED; nothing"
          + " to cancel");
      assertThat(cancelRunning.status()).isEqualTo(202);
      assertThat(cancelRunning.json().get("state").asString()).isEqualTo("RUNNING");
      assertThat(harness.history().find(slow).orElseThrow().state()).isEqualTo(RunState.CANCELLED);
      assertThat(history.out()).as(history.err()).containsPattern(later + " +hello +manual +\\S+ +CANCELLED")
          .containsPattern(slow + " +slow +manual +\\S+ +CANCELLED");
      assertThat(api.post("/api/jobs/nope/pause", "").status()).isEqualTo(404);
      assertThat(api.post("/api/runs/424242/cancel", "").status()).isEqualTo(404);
    }
  }

  @Test
  void badRequestsAreRefusedNamingTheFieldAndWhatToWrite() throws Exception {
    try (NodeHarness harness = harness(TestStore.Kind.H2); Node node = Node.manual(harness.config(), clock)) {
      ApiClient api = api();

      ApiClient.Reply badIn = api.post("/api/runs", "{\"command\": [\"true\"], \"in\": \"5x\"}");
      ApiClient.Reply both = api.post("/api/runs", "{\"command\": [\"true\"], \"in\": \"5m\", \"at\": \"2030-01-01T00:00:00Z\"}");
      ApiClient.Reply typo = api.post("/api/runs", "{\"comand\": [\"true\"]}");
      ApiClient.Reply noCommand = api.post("/api/runs", "{}");
      ApiClient.Reply retries = api.post("/api/runs", "{\"command\": [\"true\"], \"retries\": \"3\"}");
      ApiClient.Reply tooMany = api.post("/api/runs", "{\"command\": [\"true\"], \"retries\": 100}");
      ApiClient.Reply notJson = api.post("/api/runs", "command=true");
      ApiClient.Reply huge = api.post("/api/runs", "{\"command\": [\"" + "x".repeat(70_000) + "\"]}");
      ApiClient.Reply shellArgs = api.post("/api/jobs/shelled/runs", "{\"args\": [\"--full\"]}");
      ApiClient.Reply getOnPost = api.get("/api/runs/1/cancel");
      ApiClient.Reply noRoute = api.get("/api/things");

      assertThat(badIn.status()).isEqualTo(400);
      assertThat(badIn.json().get("error").asString())
          .isEqualTo("`in`: '5x' is not a duration; write a duration such as 30s, 5m, 1h30m or 2d");
      assertThat(badIn.json().get("field").asString()).isEqualTo("in");
      assertThat(both.json().get("error").asString()).startsWith("give `in` or `at`, not both");
      assertThat(typo.json().get("error").asString()).startsWith("`comand` is not a field of this request: did you mean `command`?");
      assertThat(noCommand.json().get("field").asString()).isEqualTo("command");
      assertThat(retries.json().get("error").asString()).isEqualTo("`retries`: must be a whole number, not \"3\"");
      assertThat(tooMany.json().get("error").asString()).isEqualTo("`retries`: must be from 0 to 99, not 100; write e.g. \"retries\": 3");
      assertThat(notJson.status()).isEqualTo(400);
      assertThat(notJson.json().get("error").asString()).startsWith("the body is not JSON");
      assertThat(huge.status()).isEqualTo(413);
      assertThat(shellArgs.status()).isEqualTo(400);
      assertThat(shellArgs.json().get("error").asString())
          .startsWith("job 'shelled' has a shell command; `args` need a list-form command; write its command as a list");
      assertThat(getOnPost.status()).isEqualTo(405);
      assertThat(getOnPost.header("Allow")).isEqualTo("POST");
      assertThat(noRoute.status()).isEqualTo(404);
      assertThat(harness.history().query(null, null, null, 100)).isEmpty();
    }
  }

  @Test
  void everyApiRouteNeedsTheTokenAndTheOpenApiDocumentDescribesEveryRoute() throws Exception {
    try (NodeHarness harness = harness(TestStore.Kind.H2); Node node = Node.manual(harness.config(), clock)) {
      ApiClient api = api();
      JsonNode paths = api.get("/api/openapi.json").json().get("paths");

      List<String> routes = node.httpRoutes();
      Set<String> described = new TreeSet<>();
      paths.propertyNames().forEach(path -> paths.get(path).propertyNames()
          .forEach(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + path)));

      assertThat(routes).contains("GET /api/jobs", "GET /api/jobs/{job}", "POST /api/jobs/{job}/runs",
          "POST /api/jobs/{job}/pause", "POST /api/jobs/{job}/resume", "GET /api/runs", "POST /api/runs",
          "GET /api/runs/{id}", "GET /api/runs/{id}/output", "POST /api/runs/{id}/cancel", "GET /api/nodes",
          "GET /api/openapi.json", "GET /health/live", "GET /health/ready", "GET /metrics");
      assertThat(described).containsExactlyInAnyOrderElementsOf(routes);
      for (String route : routes) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{job}", "hello").replace("{id}", "1");
        if (path.startsWith("/api/")) {
          ApiClient.Reply anonymous = api.anonymous(method, path);
          assertThat(anonymous.status()).as(route).isEqualTo(401);
          assertThat(anonymous.header("WWW-Authenticate")).as(route).isEqualTo("Bearer realm=\"cronbeat\"");
        }
      }
      assertThat(harness.history().query(null, null, null, 100)).as("nothing queued without the token").isEmpty();
    }
  }
}
