package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.cli.CliRun;
import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Node targeting, with two nodes of different labels stepped by hand on a settable clock: a run
 * goes only to a node its job's selector matches, and a run no live node can take says so in
 * every view and turns overdue.
 */
class NodeLabelsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  private static void at(SettableClock clock, Instant instant) {
    clock.advance(Duration.between(clock.instant(), instant));
  }

  private static Run last(NodeHarness harness, String job) {
    return harness.runsOf(job).get(harness.runsOf(job).size() - 1);
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void runsGoOnlyToNodesWithTheirLabelsAndARunNoNodeCanTakeSaysSoAndTurnsOverdue(TestStore.Kind kind) throws Exception {
    // Quartz computes the first fire time on the wall clock, the watchdog from the sync on this
    // clock: start early in a minute so that both name the same firing (as in WatchdogTest).
    await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().atZone(ZoneOffset.UTC).getSecond() <= 40);
    SettableClock clock = new SettableClock(Instant.now());
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("jobs.yaml", """
          jobs:
            backup: {command: "true", nodes: {role: backup}}
            web: {command: "true", nodes: {role: [web, api]}}
            archive: {schedule: "@every 1m", command: "true", nodes: {role: archive, dc: eu-1}, expect: 30s}
          """);
      CronbeatConfig webConfig = harness.set("CRONBEAT_NODE_LABELS", "role=web,host=a").config();
      CronbeatConfig backupConfig = harness.set("CRONBEAT_NODE_LABELS", "host=b,role=backup").config();
      try (Node web = Node.manual(webConfig, clock); Node backup = Node.manual(backupConfig, clock)) {
        Instant now = clock.instant();
        harness.runs().enqueue("backup", RunKind.MANUAL, now, 1, now, null);
        harness.runs().enqueue("web", RunKind.MANUAL, now, 1, now, null);

        assertThat(web.claimPass()).as("the web node passes over the backup run").isEqualTo(1);
        assertThat(backup.claimPass()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> last(harness, "backup").state() == RunState.SUCCEEDED
            && last(harness, "web").state() == RunState.SUCCEEDED);
        assertThat(harness.history().attempts(last(harness, "backup").id()).get(0).nodeId()).isEqualTo(backup.id());
        assertThat(harness.history().attempts(last(harness, "web").id()).get(0).nodeId()).isEqualTo(web.id());

        // archive wants role=archive in dc eu-1: neither node may run its firing.
        Instant due = Instant.ofEpochMilli(harness.jdbc().query(
            "SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = 'archive'", r -> r.getLong(1)).get(0));
        assertThat(due).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60));
        at(clock, due);
        web.firePass(10);
        assertThat(harness.runsOf("archive")).extracting(Run::state).containsExactly(RunState.QUEUED);
        assertThat(web.claimPass() + backup.claimPass()).isZero();

        at(clock, due.plusSeconds(90));
        web.upkeepPass(); // both nodes are alive: the run waits for want of labels, not of nodes
        backup.upkeepPass();
        assertThat(web.claimPass() + backup.claimPass()).isZero();
        long id = last(harness, "archive").id();
        String waiting = "waiting for a node with dc=eu-1, role=archive";

        CliRun history = CliRun.of(clock, harness.env(), "history", "archive");
        assertThat(history.out()).containsPattern(id + " +archive +scheduled .* QUEUED +0/1 +- +- +- +" + waiting + "\n");
        JsonNode historyJson = JSON.readTree(CliRun.of(clock, harness.env(), "history", "archive", "--json").out());
        assertThat(historyJson.get(0).get("waiting").asString()).isEqualTo(waiting);
        assertThat(CliRun.of(clock, harness.env(), "list").out()).contains(
            "note: archive: 1 run " + waiting + ", the oldest due 1 m ago\n");
        JsonNode listJson = JSON.readTree(CliRun.of(clock, harness.env(), "list", "--json").out());
        assertThat(listJson.get(0).get("name").asString()).isEqualTo("archive");
        assertThat(listJson.get(0).get("waiting").asString()).isEqualTo(waiting);
        assertThat(listJson.get(0).get("nodes").toString()).isEqualTo("{\"dc\":[\"eu-1\"],\"role\":[\"archive\"]}");
        assertThat(listJson.get(1).get("name").asString()).isEqualTo("backup");
        assertThat(listJson.get(1).get("waiting").isNull()).isTrue();

        CliRun status = CliRun.of(clock, harness.env(), "status");
        assertThat(status.out()).contains("waiting: 1\n  archive  1 run " + waiting + ", the oldest due 1 m ago\n")
            .containsPattern(web.id() + " .* host=a,role=web\n")
            .contains("host=b,role=backup\n");
        JsonNode statusJson = JSON.readTree(CliRun.of(clock, harness.env(), "status", "--json").out());
        assertThat(statusJson.get("waiting").get(0).get("reason").asString()).isEqualTo(waiting);
        assertThat(statusJson.get("nodes").toString()).contains("\"labels\":{\"host\":\"b\",\"role\":\"backup\"}")
            .contains("\"labels\":{\"host\":\"a\",\"role\":\"web\"}");

        // validate, with the store at hand, warns about the selector no registered node matches.
        CliRun validate = CliRun.of(clock, harness.env(), "validate");
        assertThat(validate.exitCode()).isZero();
        assertThat(validate.err()).isEqualTo(harness.schedules.resolve("jobs.yaml") + ":4:3: warning: job 'archive' runs on a"
            + " node with dc=eu-1, role=archive; no node registered in the store has that (the registered nodes have:"
            + " host=a,role=web; host=b,role=backup)\n  hint: start a node with node.labels (or CRONBEAT_NODE_LABELS)"
            + " dc=eu-1,role=archive, or change the job's nodes:; until then its runs wait\n");

        // It counts for the watchdog like any firing that did not succeed in time.
        assertThat(CliRun.of(clock, harness.env(), "list", "--overdue").out()).containsPattern("archive +@every 1m .* +1 m\n");

        // A trigger says at once that its run waits, though nodes are up.
        CliRun trigger = CliRun.of(clock, harness.env(), "trigger", "archive");
        assertThat(trigger.exitCode()).isZero();
        assertThat(trigger.err()).matches("run \\d+ is " + waiting + "\n");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aBacklogOfRunsPinnedToOtherNodesDoesNotHideTheRunsBehindIt(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      harness.jobs("jobs.yaml", """
          jobs:
            backup: {command: "true", nodes: {role: backup}, overlap: allow}
            plain: {command: "true"}
          """);
      try (Node web = Node.manual(harness.set("CRONBEAT_NODE_LABELS", "role=web").config(), clock)) {
        Instant now = clock.instant();
        // More runs no node here may take than one claim pass reads, queued first.
        for (int i = 0; i < 12; i++) {
          harness.runs().enqueue("backup", RunKind.MANUAL, now, 1, now, null);
        }
        harness.runs().enqueue("plain", RunKind.MANUAL, now, 1, now, null);

        assertThat(web.claimPass()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> last(harness, "plain").state() == RunState.SUCCEEDED);
        assertThat(harness.runsOf("backup")).extracting(Run::state).containsOnly(RunState.QUEUED);
      }
    }
  }
}
