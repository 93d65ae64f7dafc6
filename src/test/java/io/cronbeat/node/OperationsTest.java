package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.cli.CliRun;
import io.cronbeat.run.Attempt;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shell commands against a real store, with a node running beside them. */
class OperationsTest {

  @TempDir Path dir;

  private static CliRun cli(NodeHarness harness, String... args) {
    return CliRun.of(Clock.systemUTC(), harness.env(), args);
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void triggerWaitPrintsTheOutputAndExitsWithTheJobsExitCode(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("jobs.yaml", """
          jobs:
            greet:
              command: ["/bin/sh", "-c", "echo \\"hello $WHO\\" \\"$@\\"; exit 3", "greet"]
          """);
      harness.start();

      CliRun run = cli(harness, "trigger", "greet", "--wait", "--env", "WHO=world", "--", "extra arg", "$HOME");

      assertThat(run.exitCode()).isEqualTo(3);
      assertThat(run.out()).matches("queued run \\d+ of job greet, due now\nhello world extra arg \\$HOME\n");
      assertThat(run.err()).matches("run \\d+ FAILED \\(exit 3\\) after 1 attempt: exit 3\n");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void submittedCommandRunsNotBeforeItsTimeAndSurvivesANodeRestart(TestStore.Kind kind) throws Exception {
    Path out = dir.resolve("ran-at");
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.start();
      Instant submitted = Instant.now();

      CliRun run = cli(harness, "submit", "--name", "later", "--in", "5s", "--json", "--", "/bin/sh", "-c",
          "date +%s > " + out);
      long id = Long.parseLong(run.out().replaceAll("(?s)^\\{\\s*\"id\" : (\\d+).*", "$1"));
      harness.stop();
      harness.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> harness.history().find(id).orElseThrow().state() == RunState.SUCCEEDED);

      assertThat(run.exitCode()).isZero();
      Run done = harness.history().find(id).orElseThrow();
      assertThat(done.kind()).isEqualTo(RunKind.SUBMITTED);
      assertThat(done.job()).isEqualTo("later");
      assertThat(harness.history().attempts(id).get(0).startedAt()).isAfterOrEqualTo(submitted.plusSeconds(5));
      assertThat(Long.parseLong(Files.readString(out).trim())).isGreaterThanOrEqualTo(submitted.plusSeconds(4).getEpochSecond());
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void pauseStopsFiringsAndResumeRestoresThemWithCatchUp(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("jobs.yaml", "jobs:\n  tick:\n    schedule: '@every 1s'\n    command: 'true'\n    catch-up: latest\n");
      harness.start();
      await().atMost(Duration.ofSeconds(15)).until(() -> !harness.runsOf("tick").isEmpty());

      CliRun pause = cli(harness, "pause", "tick");
      harness.stop();
      harness.jobs("more.yaml", "jobs:\n  other:\n    command: 'true'\n");
      harness.start(); // a restart, and a sync that changes the job set: the pause holds
      await().atMost(Duration.ofSeconds(15)).until(() ->
          harness.runsOf("tick").stream().filter(r -> "job paused".equals(r.reason())).count() >= 3);
      CliRun list = cli(harness, "list");
      CliRun resume = cli(harness, "resume", "tick");
      Instant resumed = Instant.now();
      await().atMost(Duration.ofSeconds(15)).until(() -> harness.runsOf("tick").stream()
          .anyMatch(r -> r.state() == RunState.SUCCEEDED && r.scheduledAt().isAfter(resumed)));

      assertThat(pause.out()).isEqualTo("paused tick on every node\n");
      assertThat(list.out()).containsPattern("tick +@every 1s +UTC +paused").endsWith("\nnote: tick fires every second\n");
      assertThat(resume.out()).isEqualTo("resumed tick on every node; 1 missed firing(s) queued (catch-up: latest)\n");
      List<Run> runs = harness.runsOf("tick");
      List<Run> whilePaused = runs.stream().filter(r -> r.kind() == RunKind.CATCH_UP || "job paused".equals(r.reason())).toList();
      assertThat(whilePaused.stream().filter(r -> r.kind() == RunKind.CATCH_UP)).hasSize(1)
          .allSatisfy(r -> assertThat(r.scheduledAt()).isEqualTo(whilePaused.get(whilePaused.size() - 1).scheduledAt()));
      assertThat(harness.history().attempts(whilePaused.get(0).id())).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void historyLogsStatusListAndCancelShowWhatHappened(TestStore.Kind kind) throws Exception {
    Path started = dir.resolve("started");
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("jobs.yaml", """
          jobs:
            hello:
              schedule: '0 0 1 1 *'
              command: echo "line one"; echo "line two"
            slow:
              command: touch %s; sleep 60
          """.formatted(started));
      harness.start();
      CliRun triggered = cli(harness, "trigger", "hello", "--wait");
      long hello = Long.parseLong(triggered.out().replaceAll("(?s)queued run (\\d+).*", "$1"));

      CliRun history = cli(harness, "history", "hello");
      CliRun logs = cli(harness, "logs", Long.toString(hello));
      CliRun logsJson = cli(harness, "logs", Long.toString(hello), "--json");
      CliRun json = cli(harness, "history", "--json", "--limit", "1");
      CliRun status = cli(harness, "status");
      CliRun list = cli(harness, "list");
      long slow = Long.parseLong(cli(harness, "trigger", "slow").out().replaceAll("(?s)queued run (\\d+).*", "$1"));
      await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(started));
      CliRun busy = cli(harness, "status");
      CliRun busyJson = cli(harness, "status", "--json");
      CliRun cancel = cli(harness, "cancel", Long.toString(slow));

      assertThat(triggered.exitCode()).isZero();
      assertThat(history.out()).containsPattern("RUN +JOB +KIND +DUE +STATE +ATTEMPTS +EXIT +DURATION +NODE +REASON\n")
          .containsPattern(hello + " +hello +manual +\\S+ +SUCCEEDED +1/1 +0 +0s +" + harness.node.id());
      assertThat(logs.out()).isEqualTo("line one\nline two\n");
      assertThat(logsJson.exitCode()).isZero();
      assertThat(logsJson.out()).contains("\"runId\" : " + hello + ",", "\"job\" : \"hello\"", "\"state\" : \"SUCCEEDED\"",
          "\"attempt\" : 1,", "\"node\" : \"" + harness.node.id() + "\"", "\"outcome\" : \"SUCCEEDED\"", "\"exitCode\" : 0",
          "\"output\" : \"line one\\nline two\\n\"");
      assertThat(json.out()).contains("\"job\" : \"hello\"", "\"state\" : \"SUCCEEDED\"", "\"outputTail\" : \"line one\\nline two\"");
      assertThat(status.out()).contains("queue:   0 due, 0 queued for later, 0 running", "nodes:   1", harness.node.id())
          .containsPattern(harness.node.id() + " .* \\d+ s ago +-\n").endsWith("running: none\n");
      assertThat(busy.out()).containsPattern("running: 1\nRUN +JOB +ATTEMPT +NODE +SINCE\n" + slow + " +slow +1/1 +"
          + harness.node.id() + " +\\d+ s ago\n$");
      assertThat(busyJson.out()).containsPattern("\"running\" : \\[ \\{\n\\s*\"id\" : " + slow + ",\n\\s*\"job\" : \"slow\"");
      assertThat(list.out()).containsPattern("JOB +SCHEDULE +ZONE +NEXT +LAST\n")
          .containsPattern("hello +0 0 1 1 \\* +UTC +01-01 00:00 +SUCCEEDED \\d+ s ago")
          .containsPattern("slow +\\(manual\\) +- +- +-");
      assertThat(list.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
      assertThat(cancel.exitCode()).isZero();
      assertThat(cancel.out()).isEqualTo("run " + slow + " CANCELLED\n");
      assertThat(harness.history().find(slow).orElseThrow().reason()).isEqualTo("cancelled by scheduler cancel");
      assertThat(harness.history().attempts(slow)).extracting(Attempt::outcome).containsExactly(AttemptOutcome.CANCELLED);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void planShowsWhatTheNextSyncWouldChange(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("jobs.yaml", "jobs:\n  a:\n    schedule: '@hourly'\n    command: 'true'\n  b:\n    command: 'true'\n");
      harness.start();
      harness.stop();
      CliRun same = cli(harness, "plan");
      harness.jobs("jobs.yaml", "jobs:\n  a:\n    schedule: '@daily'\n    command: 'false'\n  c:\n    command: 'true'\n");

      CliRun changed = cli(harness, "plan");
      CliRun json = cli(harness, "plan", "--json");

      assertThat(same.exitCode()).isZero();
      assertThat(same.out()).endsWith("No changes: the store matches " + harness.schedules + " (2 jobs).\n");
      assertThat(changed.exitCode()).isEqualTo(3);
      assertThat(changed.out()).isEqualTo("""
          + c  (manual)
          ~ a  changes schedule, argv
          - b
          Plan: 1 to add, 1 to change, 1 to remove, 0 unchanged.
          """);
      assertThat(json.exitCode()).isEqualTo(3);
      assertThat(json.out().replaceAll("\\s+", "")).isEqualTo(
          "{\"add\":[\"c\"],\"change\":{\"a\":[\"schedule\",\"argv\"]},\"remove\":[\"b\"],\"unchanged\":0}");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2"})
  void mistakesGetOneClearLine(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("jobs.yaml", "jobs:\n  backup:\n    command: 'true'\n");
      cli(harness, "migrate"); // no node has prepared this store, and commands only check its schema

      CliRun unknown = cli(harness, "trigger", "backpu");
      CliRun duration = cli(harness, "trigger", "backup", "--in", "ten minutes");
      CliRun noRun = cli(harness, "logs", "999");
      CliRun shellArgs = cli(harness, "trigger", "backup", "--", "--full");

      assertThat(unknown.exitCode()).isEqualTo(2);
      assertThat(unknown.err()).isEqualTo("error: no job named 'backpu' in " + harness.schedules
          + ": did you mean 'backup'?\n  hint: the jobs are: backup\n");
      assertThat(duration.exitCode()).isEqualTo(2);
      assertThat(duration.err()).isEqualTo("error: --in 'ten minutes' is not a duration\n"
          + "  hint: write a duration such as 30s, 5m, 1h30m or 2d\n");
      assertThat(noRun.exitCode()).isEqualTo(2);
      assertThat(noRun.err()).isEqualTo("error: no run 999\n  hint: bin/scheduler history lists the runs\n");
      assertThat(shellArgs.exitCode()).isEqualTo(2);
      assertThat(shellArgs.err()).startsWith("error: job 'backup' has a shell command; arguments after -- need a list-form command");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2"})
  void logsFollowStreamsARunningAttemptToItsEnd(TestStore.Kind kind) throws Exception {
    Path started = dir.resolve("started");
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("jobs.yaml", "jobs:\n  count:\n    command: touch " + started
          + "; for i in 1 2 3; do echo tick $i; sleep 1; done\n");
      harness.start();
      long id = Long.parseLong(cli(harness, "trigger", "count").out().replaceAll("(?s)queued run (\\d+).*", "$1"));
      await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(started));

      CliRun follow = cli(harness, "logs", Long.toString(id), "--follow");

      assertThat(follow.exitCode()).isZero();
      assertThat(follow.out()).isEqualTo("tick 1\ntick 2\ntick 3\n");
      assertThat(harness.history().find(id).orElseThrow().state()).isIn(RunState.RUNNING, RunState.SUCCEEDED);
    }
  }
}
