package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.cronbeat.job.CatchUp;
import io.cronbeat.run.Attempt;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.timing.Schedule;
import io.cronbeat.timing.ScheduleParser;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** A whole node in this JVM on real databases, driven by short schedules. */
class NodeTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void everySecondJobRunsOncePerSecondWithoutDuplicates(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      // The process prints its own clock: a run claimed ahead of its second must not start before it.
      harness.jobs("tick.yaml", "jobs:\n  tick:\n    schedule: '@every 1s'\n    command: date +%s%3N\n");
      harness.start();

      // Firings are recorded up to a second ahead: wait for ten ended runs, not for eleven recorded.
      await().atMost(Duration.ofSeconds(25)).until(() -> harness.runsOf("tick").stream()
          .filter(r -> r.state() != RunState.QUEUED && r.state() != RunState.RUNNING).count() >= 10);
      harness.stop();

      List<Run> runs = harness.runsOf("tick");
      List<Instant> fired = runs.stream().map(Run::scheduledAt).toList();
      assertThat(fired).doesNotHaveDuplicates().isSorted();
      for (int i = 1; i < fired.size(); i++) {
        assertThat(Duration.between(fired.get(i - 1), fired.get(i))).as("gap before run %d", i).isEqualTo(Duration.ofSeconds(1));
      }
      assertThat(runs.subList(0, 10)).extracting(Run::state).containsOnly(RunState.SUCCEEDED);
      for (Run run : runs.subList(0, 10)) {
        Attempt attempt = harness.history().attempts(run.id()).get(0);
        assertThat(Instant.ofEpochMilli(Long.parseLong(attempt.outputTail().strip())))
            .as("the process of run %d started at or after its second", run.id()).isAfterOrEqualTo(run.scheduledAt());
        assertThat(attempt.startedAt()).as("recorded start of run %d", run.id()).isAfterOrEqualTo(run.scheduledAt());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void failingTwiceThenSucceedingEndsSucceededAfterThreeAttemptsWithBackoff(TestStore.Kind kind) throws Exception {
    Path counter = dir.resolve("count");
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("flaky.yaml", """
          jobs:
            flaky:
              command: n=$(cat %s 2>/dev/null || echo 0); n=$((n+1)); echo $n > %s; echo "try $n"; [ $n -ge 3 ]
              retry: {attempts: 5, backoff: 1s, max-backoff: 10s}
          """.formatted(counter, counter));
      harness.start();
      long id = harness.runs().enqueue("flaky", RunKind.MANUAL, Instant.now(), 5, Instant.now(), null);

      await().atMost(Duration.ofSeconds(30)).until(() -> harness.history().find(id).orElseThrow().state() == RunState.SUCCEEDED);

      List<Attempt> attempts = harness.history().attempts(id);
      assertThat(attempts).extracting(Attempt::outcome).containsExactly(
          AttemptOutcome.FAILED, AttemptOutcome.FAILED, AttemptOutcome.SUCCEEDED);
      assertThat(attempts).extracting(Attempt::exitCode).containsExactly(1, 1, 0);
      assertThat(attempts.get(2).outputTail()).isEqualTo("try 3");
      // backoff 1s then 2s, each with up to half taken off by jitter
      assertThat(Duration.between(attempts.get(0).finishedAt(), attempts.get(1).startedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(500));
      assertThat(Duration.between(attempts.get(1).finishedAt(), attempts.get(2).startedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(harness.history().find(id).orElseThrow().attempts()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void overlapForbidSkipsFiringsWhileThePreviousRunRuns(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("slow.yaml", "jobs:\n  slow:\n    schedule: '@every 1s'\n    command: sleep 3\n    overlap: forbid\n");
      harness.start();

      await().atMost(Duration.ofSeconds(30)).until(() ->
          harness.runsOf("slow").stream().filter(r -> r.state() == RunState.SKIPPED).count() >= 3
              && harness.runsOf("slow").stream().anyMatch(r -> r.state() == RunState.SUCCEEDED));
      harness.stop();

      List<Run> runs = harness.runsOf("slow");
      assertThat(runs.stream().filter(r -> r.state() == RunState.SKIPPED))
          .allSatisfy(r -> assertThat(r.reason()).endsWith("was still running (overlap: forbid)"));
      List<Attempt> attempts = new ArrayList<>();
      runs.forEach(r -> attempts.addAll(harness.history().attempts(r.id())));
      for (int i = 1; i < attempts.size(); i++) {
        assertThat(attempts.get(i).startedAt()).as("attempt %d starts after the one before ends", i)
            .isAfterOrEqualTo(attempts.get(i - 1).finishedAt());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void reloadWithABrokenFileKeepsEveryOldJobRunning(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("a.yaml", "jobs:\n  a:\n    schedule: '@every 1s'\n    command: 'true'\n");
      harness.jobs("b.yaml", "jobs:\n  b:\n    schedule: '@every 1s'\n    command: 'true'\n");
      Node node = harness.start();
      await().atMost(Duration.ofSeconds(15)).until(() -> !harness.runsOf("a").isEmpty() && !harness.runsOf("b").isEmpty());

      harness.jobs("b.yaml", "jobs:\n  b:\n    schedule: '61 * * * *'\n    command: 'true'\n");
      boolean reloaded = node.reload();
      int aBefore = harness.runsOf("a").size();
      int bBefore = harness.runsOf("b").size();

      assertThat(reloaded).isFalse();
      await().atMost(Duration.ofSeconds(15)).until(() ->
          harness.runsOf("a").size() >= aBefore + 2 && harness.runsOf("b").size() >= bBefore + 2);

      harness.jobs("b.yaml", "jobs:\n  c:\n    schedule: '@every 1s'\n    command: 'true'\n");
      assertThat(node.reload()).isTrue();
      await().atMost(Duration.ofSeconds(15)).until(() -> !harness.runsOf("c").isEmpty());
      List<String> triggers = harness.jdbc().query("SELECT TRIGGER_NAME FROM QRTZ_TRIGGERS ORDER BY TRIGGER_NAME",
          row -> row.getString(1));
      assertThat(triggers).containsExactly("a", "c");
    }
  }

  static List<Arguments> catchUpCases() {
    List<Arguments> cases = new ArrayList<>();
    for (CatchUp policy : CatchUp.values()) {
      for (int outage : new int[] {30, 120}) {
        cases.add(Arguments.of(TestStore.Kind.H2, policy, outage));
      }
    }
    cases.add(Arguments.of(TestStore.Kind.POSTGRESQL, CatchUp.LATEST, 120));
    cases.add(Arguments.of(TestStore.Kind.MARIADB, CatchUp.ALL, 120));
    return cases;
  }

  @ParameterizedTest(name = "{0} catch-up: {1} after {2}s down")
  @MethodSource("catchUpCases")
  void restartHonoursCatchUpWhateverTheOutageLength(TestStore.Kind kind, CatchUp policy, int outageSeconds) throws Exception {
    String mode = policy.name().toLowerCase(Locale.ROOT);
    Schedule schedule = new ScheduleParser().parse("@every 10s", ZoneOffset.UTC, "job");
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("job.yaml", "jobs:\n  job:\n    schedule: '@every 10s'\n    command: 'true'\n    catch-up: " + mode + "\n");
      harness.start();
      harness.stop();
      // What the store holds after the outage: a trigger whose next fire time has long passed.
      Instant missedFrom = schedule.nextAfter(Instant.now().minusSeconds(outageSeconds + 10)).orElseThrow();
      harness.jdbc().update("DELETE FROM cb_runs");
      harness.jdbc().update("UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = ? WHERE TRIGGER_NAME = 'job'", missedFrom.toEpochMilli());
      Instant restart = Instant.now();
      List<Instant> missed = schedule.next(missedFrom.minusMillis(1), 1000).stream().filter(t -> !t.isAfter(restart)).toList();

      harness.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        List<Run> runs = catchUpRuns(harness);
        return runs.size() >= missed.size() && runs.stream().allMatch(r -> r.state().isFinal());
      });

      // The catch-up firing happens a moment after the restart; a fire time passed meanwhile belongs to it too.
      List<Run> runs = catchUpRuns(harness);
      List<Instant> expectedTimes = schedule.next(missedFrom.minusMillis(1), runs.size());
      assertThat(runs).extracting(Run::scheduledAt).containsExactlyElementsOf(expectedTimes).startsWith(missed.toArray(Instant[]::new));
      List<RunState> states = runs.stream().map(Run::state).toList();
      List<RunState> expected = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        boolean last = i == runs.size() - 1;
        expected.add(switch (policy) {
          case NONE -> RunState.MISSED;
          case LATEST -> last ? RunState.SUCCEEDED : RunState.MISSED;
          case ALL -> RunState.SUCCEEDED;
        });
      }
      assertThat(missed).hasSizeGreaterThanOrEqualTo(outageSeconds / 10);
      assertThat(states).containsExactlyElementsOf(expected);
    }
  }

  private static List<Run> catchUpRuns(NodeHarness harness) {
    return harness.runsOf("job").stream().filter(r -> r.kind() == RunKind.CATCH_UP).toList();
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void stopWaitsForARunningAttemptAndRecordsItsOutcome(TestStore.Kind kind) throws Exception {
    Path started = dir.resolve("started");
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("slow.yaml", "jobs:\n  slow:\n    command: touch " + started + "; sleep 2; echo finished\n");
      harness.start();
      long id = harness.runs().enqueue("slow", RunKind.MANUAL, Instant.now(), 1, Instant.now(), null);
      await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(started));

      harness.stop();

      Run run = harness.history().find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(harness.history().attempts(id)).singleElement().satisfies(a -> assertThat(a.outputTail()).isEqualTo("finished"));
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void attemptStillRunningAfterTheGracePeriodIsStoppedAndQueuedAgain(TestStore.Kind kind) throws Exception {
    Path started = dir.resolve("started");
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.set("CRONBEAT_NODE_SHUTDOWN_GRACE", "1s");
      harness.jobs("slow.yaml", "jobs:\n  slow:\n    command: touch " + started + "; sleep 60\n");
      harness.start();
      long id = harness.runs().enqueue("slow", RunKind.MANUAL, Instant.now(), 1, Instant.now(), null);
      await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(started));

      harness.stop();

      Run run = harness.history().find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.QUEUED);
      assertThat(run.reason()).startsWith("node ").endsWith(" shut down during attempt 1");
      assertThat(harness.history().attempts(id)).extracting(Attempt::outcome).containsExactly(AttemptOutcome.CANCELLED);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void runLeftRunningByADeadNodeIsRecoveredAndRetried(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("job.yaml", "jobs:\n  job:\n    command: echo again\n");
      harness.start();
      harness.stop();
      // What a node killed with SIGKILL mid-attempt leaves: a RUNNING run, an open attempt, a lease that ran out.
      long id = harness.runs().enqueue("job", RunKind.MANUAL, Instant.now(), 1, Instant.now(), null);
      long past = Instant.now().minusSeconds(60).toEpochMilli();
      harness.jdbc().update("UPDATE cb_runs SET state = 'RUNNING', node_id = 'dead-node', lease_until = ?, attempts = 1,"
          + " started_at = ? WHERE id = ?", past, past, id);
      harness.jdbc().update("INSERT INTO cb_attempts (run_id, attempt, node_id, started_at) VALUES (?, 1, 'dead-node', ?)",
          id, past);

      harness.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(id).orElseThrow().state() == RunState.SUCCEEDED);

      assertThat(harness.history().attempts(id)).extracting(Attempt::outcome)
          .containsExactly(AttemptOutcome.LOST, AttemptOutcome.SUCCEEDED);
      assertThat(harness.history().attempts(id).get(1).nodeId()).isEqualTo(harness.node.id());
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2"})
  void failureAndRecoveryAreSentToTheWebhookAndTheNotifyCommand(TestStore.Kind kind) throws Exception {
    List<String> posts = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(
        new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    Path flag = dir.resolve("healthy");
    Path events = dir.resolve("events");
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("job.yaml", """
          jobs:
            job:
              command: echo checking; [ -f %s ]
              notify:
                webhook: http://127.0.0.1:%d/hook
                command: echo "$CRONBEAT_EVENT $CRONBEAT_STATE $CRONBEAT_EXIT_CODE" >> %s
          """.formatted(flag, server.getAddress().getPort(), events));
      harness.start();
      long failed = harness.runs().enqueue("job", RunKind.MANUAL, Instant.now(), 1, Instant.now(), null);
      await().atMost(Duration.ofSeconds(20)).until(() -> posts.size() == 1 && Files.exists(events));
      Files.writeString(flag, "");
      long recovered = harness.runs().enqueue("job", RunKind.MANUAL, Instant.now(), 1, Instant.now(), null);
      await().atMost(Duration.ofSeconds(20)).until(() -> posts.size() == 2);
      long again = harness.runs().enqueue("job", RunKind.MANUAL, Instant.now(), 1, Instant.now(), null);
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(again).orElseThrow().state() == RunState.SUCCEEDED);

      assertThat(posts.get(0)).contains("\"event\":\"failure\"", "\"job\":\"job\"", "\"runId\":" + failed,
          "\"state\":\"FAILED\"", "\"exitCode\":1", "\"outputTail\":\"checking\"");
      assertThat(posts.get(1)).contains("\"event\":\"recovery\"", "\"runId\":" + recovered, "\"state\":\"SUCCEEDED\"");
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(events).size() == 2);
      assertThat(Files.readAllLines(events)).containsExactly("failure FAILED 1", "recovery SUCCEEDED 0");
      assertThat(posts).as("a success after a success notifies nobody").hasSize(2);
    } finally {
      server.stop(0);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void overlapReplaceStopsTheRunningRunAndStartsTheNewOne(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("slow.yaml", "jobs:\n  slow:\n    schedule: '@every 3s'\n    command: sleep 60\n    overlap: replace\n");
      harness.start();

      await().atMost(Duration.ofSeconds(40)).until(() ->
          harness.runsOf("slow").stream().filter(r -> r.state() == RunState.CANCELLED).count() >= 2);
      harness.stop();

      List<Run> runs = harness.runsOf("slow");
      Run replaced = runs.stream().filter(r -> r.state() == RunState.CANCELLED).findFirst().orElseThrow();
      assertThat(replaced.reason()).matches("replaced by run \\d+ \\(overlap: replace\\)");
      long replacer = Long.parseLong(replaced.reason().replaceAll("\\D+", " ").trim().split(" ")[0]);
      assertThat(harness.history().find(replacer).orElseThrow().attempts()).isEqualTo(1);
      assertThat(harness.history().attempts(replaced.id())).extracting(Attempt::outcome)
          .containsExactly(AttemptOutcome.CANCELLED);
    }
  }
}
