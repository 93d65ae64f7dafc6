package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.cronbeat.cli.CliRun;
import io.cronbeat.dispatch.RunRequests;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.run.Attempt;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.RunQueue;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.HttpCalls;
import io.cronbeat.testing.SettableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Chains (after:) on each real database, with nodes stepped by hand on a settable clock: a
 * downstream run is queued once per upstream run that ends as its on: says, by the upstream's
 * final state, also when the upstream's node is lost mid-attempt.
 */
class ChainTest {

  @TempDir Path dir;

  private Path ledger;
  private Path failures;

  private NodeHarness harness(TestStore.Kind kind) throws IOException {
    ledger = dir.resolve("ledger");
    failures = dir.resolve("failures");
    NodeHarness harness = new NodeHarness(kind, dir)
        .set("CRONBEAT_NODE_LEASE", "10s")
        .set("CRONBEAT_NODE_HEARTBEAT", "2s")
        .set("CRONBEAT_NODE_KILL_GRACE", "1s")
        .set("CRONBEAT_NODE_RECOVERY_MARGIN", "3s")
        .set("CRONBEAT_NODE_SHUTDOWN_GRACE", "1s");
    // extract fails while the failures file has lines left, one line per attempt; with "sleep" on that line it
    // first sleeps a minute (a node lost mid-attempt).
    String record = "echo \"$CRONBEAT_JOB $CRONBEAT_RUN_ID up=$CRONBEAT_UPSTREAM_RUN_ID $CRONBEAT_UPSTREAM_JOB"
        + " $CRONBEAT_UPSTREAM_STATE\" >> " + ledger;
    harness.jobs("jobs.yaml", """
        jobs:
          extract:
            command: 'if [ "$(head -n 1 %2$s)" = sleep ]; then sed -i 1d %2$s; sleep 60; fi; if [ -s %2$s ]; then sed -i 1d %2$s; exit 1; fi; echo "extract $CRONBEAT_RUN_ID" >> %1$s'
            retry: {attempts: 2, backoff: 1m}
          load:
            command: '%3$s'
            after: {job: extract, on: success}
          alert:
            command: '%3$s'
            after: {job: extract, on: failure}
          audit:
            command: '%3$s'
            after: {job: extract, on: finished}
          report:
            command: '%3$s'
            after: {all: [load, audit]}
        """.formatted(ledger, failures, record));
    return harness;
  }

  private void failNext(String... lines) throws IOException {
    Files.writeString(failures, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
  }

  private List<String> ledger() throws IOException {
    return Files.exists(ledger) ? Files.readAllLines(ledger) : List.of();
  }

  private static RunService service(NodeHarness harness, SettableClock clock) {
    return new RunService(new JobTable(harness.jdbc(), clock), harness.queue(), harness.history(), clock, 10);
  }

  private static long trigger(NodeHarness harness, SettableClock clock, String job, boolean withDownstream) {
    RunService service = service(harness, clock);
    JobSpec spec = service.job(job).orElseThrow();
    RunQueue.Outcome queued = service.trigger(spec, new RunRequests.Trigger(null, null, Map.of(), List.of(), withDownstream),
        RunService.Asking.CLI);
    return ((RunQueue.Outcome.Queued) queued).runId();
  }

  private static Run awaitState(NodeHarness harness, long id, RunState state, int attempts) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Run run = harness.history().find(id).orElseThrow();
      return run.state() == state && run.attempts() == attempts && harness.history().attempts(id).stream()
          .allMatch(a -> a.finishedAt() != null);
    });
    return harness.history().find(id).orElseThrow();
  }

  /** Claims and runs every due run of the given jobs to its end. */
  private static void runDownstream(NodeHarness harness, Node node, String... jobs) {
    assertThat(node.claimPass()).isEqualTo(jobs.length);
    for (String job : jobs) {
      harness.runsOf(job).forEach(run -> awaitState(harness, run.id(), RunState.SUCCEEDED, 1));
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aRetriedUpstreamQueuesItsDownstreamOnceByItsFinalStateWithItsRunInTheEnvironment(TestStore.Kind kind)
      throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    try (NodeHarness harness = harness(kind); Node node = Node.manual(harness.config(), clock)) {
      failNext("fail");
      long extract = trigger(harness, clock, "extract", true);
      assertThat(node.claimPass()).isEqualTo(1);
      awaitState(harness, extract, RunState.QUEUED, 1);
      assertThat(harness.runsOf("load")).as("a failed attempt with a retry left queues nothing").isEmpty();
      assertThat(harness.runsOf("alert")).isEmpty();

      clock.advance(Duration.ofMinutes(2));
      assertThat(node.claimPass()).isEqualTo(1);
      awaitState(harness, extract, RunState.SUCCEEDED, 2);
      List<Run> load = harness.runsOf("load");
      List<Run> audit = harness.runsOf("audit");
      assertThat(load).extracting(Run::kind, Run::state).containsExactly(tuple(RunKind.CHAIN,
          RunState.QUEUED));
      assertThat(audit).extracting(Run::state).containsExactly(RunState.QUEUED);
      assertThat(harness.runsOf("alert")).as("on: failure, and the run succeeded in the end").isEmpty();
      assertThat(harness.runsOf("report")).as("all: load and audit have not run yet").isEmpty();

      runDownstream(harness, node, "load", "audit");
      runDownstream(harness, node, "report");
      List<Run> report = harness.runsOf("report");
      assertThat(report).hasSize(1);
      assertThat(ledger()).containsExactlyInAnyOrder(
          "extract " + extract,
          "load " + load.get(0).id() + " up=" + extract + " extract SUCCEEDED",
          "audit " + audit.get(0).id() + " up=" + extract + " extract SUCCEEDED",
          // report ran after whichever of the two ended last; both are named in CRONBEAT_UPSTREAM_RUNS.
          ledger().stream().filter(l -> l.startsWith("report ")).findFirst().orElse("report missing"));
      String reportLine = ledger().stream().filter(l -> l.startsWith("report ")).findFirst().orElseThrow();
      assertThat(reportLine).matches("report " + report.get(0).id() + " up=(" + load.get(0).id() + " load|" + audit.get(0).id()
          + " audit) SUCCEEDED");
      assertThat(env(harness, report.get(0)).get("CRONBEAT_UPSTREAM_RUNS"))
          .isEqualTo("audit=" + audit.get(0).id() + ",load=" + load.get(0).id());
      assertThat(node.claimPass()).as("nothing else was queued").isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aManualRunLeadsOnOnlyWithDownstreamAndAFinalFailureQueuesTheFailureChain(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    try (NodeHarness harness = harness(kind); Node node = Node.manual(harness.config(), clock)) {
      failNext();
      long alone = trigger(harness, clock, "extract", false);
      assertThat(node.claimPass()).isEqualTo(1);
      awaitState(harness, alone, RunState.SUCCEEDED, 1);
      assertThat(harness.runsOf("load")).as("trigger without --with-downstream").isEmpty();
      assertThat(harness.runsOf("audit")).isEmpty();

      failNext("fail", "fail");
      long failing = trigger(harness, clock, "extract", true);
      assertThat(node.claimPass()).isEqualTo(1);
      awaitState(harness, failing, RunState.QUEUED, 1);
      clock.advance(Duration.ofMinutes(2));
      assertThat(node.claimPass()).isEqualTo(1);
      awaitState(harness, failing, RunState.FAILED, 2);

      assertThat(harness.runsOf("load")).isEmpty();
      runDownstream(harness, node, "alert", "audit");
      assertThat(ledger()).contains("alert " + harness.runsOf("alert").get(0).id() + " up=" + failing + " extract FAILED",
          "audit " + harness.runsOf("audit").get(0).id() + " up=" + failing + " extract FAILED");
      assertThat(harness.runsOf("report")).as("all: load has no run to count").isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void anUpstreamRecoveredFromALostNodeQueuesItsDownstreamOnceOnTheNodeThatFinishedIt(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    try (NodeHarness harness = harness(kind); Node a = Node.manual(harness.config(), clock);
        Node b = Node.manual(harness.config(), clock)) {
      failNext("sleep");
      long extract = trigger(harness, clock, "extract", true);
      assertThat(a.claimPass()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(failures).isEmpty());

      // a stops heartbeating: b takes the run over after lease + margin, stops a's process and runs it again.
      clock.advance(Duration.ofSeconds(14));
      b.upkeepPass();
      assertThat(harness.history().find(extract).orElseThrow().state()).isEqualTo(RunState.QUEUED);
      assertThat(b.claimPass()).isEqualTo(1);
      awaitState(harness, extract, RunState.SUCCEEDED, 2);
      // a comes back and finds the run is not its own: it records nothing, so nothing more is queued.
      a.upkeepPass();
      a.guardPass();
      await().atMost(Duration.ofSeconds(20)).until(() -> a.running().isEmpty());

      assertThat(harness.history().attempts(extract)).extracting(Attempt::outcome)
          .containsExactly(AttemptOutcome.LOST, AttemptOutcome.SUCCEEDED);
      assertThat(harness.runsOf("load")).hasSize(1);
      runDownstream(harness, b, "load", "audit");
      assertThat(ledger()).contains("load " + harness.runsOf("load").get(0).id() + " up=" + extract + " extract SUCCEEDED");
      assertThat(harness.runsOf("load")).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = "H2")
  void theApiTriggersWithDownstreamAndShowsEachJobsAfter(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    int port = HttpCalls.freePort();
    String token = "chain-test-token-0123456789";
    try (NodeHarness harness = harness(kind).set("CRONBEAT_HTTP_PORT", Integer.toString(port)).set("CRONBEAT_HTTP_TOKEN", token);
        Node node = Node.manual(harness.config(), clock)) {
      ApiClient api = new ApiClient(port, token);
      failNext();

      ApiClient.Reply triggered = api.post("/api/jobs/extract/runs", "{\"withDownstream\": true}");
      ApiClient.Reply refused = api.post("/api/jobs/extract/runs", "{\"withDownstream\": \"yes\"}");
      long id = triggered.json().get("id").asLong();
      assertThat(node.claimPass()).isEqualTo(1);
      awaitState(harness, id, RunState.SUCCEEDED, 1);

      assertThat(triggered.status()).isEqualTo(201);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().get("error").asString()).isEqualTo("`withDownstream`: must be true or false, not \"yes\"");
      assertThat(harness.runsOf("load")).extracting(Run::state).containsExactly(RunState.QUEUED);
      JsonNode load = api.get("/api/runs/" + harness.runsOf("load").get(0).id()).json();
      assertThat(load.get("kind").asString()).isEqualTo("chain");
      assertThat(load.get("upstreamRunId").asLong()).isEqualTo(id);
      CliRun history = CliRun.of(Clock.systemUTC(), harness.env(), "history", "load");
      assertThat(history.out()).containsPattern("\\n" + load.get("id").asLong() + " +load +chain after " + id + " ");
      assertThat(api.get("/api/jobs/report").json().get("after").toString())
          .isEqualTo("{\"need\":\"all\",\"on\":\"success\",\"jobs\":[\"load\",\"audit\"]}");
      assertThat(api.get("/api/jobs/extract").json().get("after").isNull()).isTrue();
    }
  }

  private static Map<String, String> env(NodeHarness harness, Run run) {
    return new JobTable(harness.jdbc(), Clock.systemUTC()).fromJson(
        harness.history().find(run.id()).orElseThrow().definition()).env();
  }
}
