package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.cli.CliRun;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A concurrency group across jobs and nodes, stepped by hand: three nodes, four jobs of one
 * group with limit 2. The jobs hold until the test opens a gate, so what runs at once is what
 * the claims allowed.
 */
class ConcurrencyGroupTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> JOBS = List.of("import", "export", "vacuum", "reindex");

  @TempDir Path dir;

  private static Run only(NodeHarness harness, String job) {
    return harness.runsOf(job).get(0);
  }

  /** A job that runs until the test creates {@code gate}. */
  private static String gated(String job, Path gate, String settings) {
    return "  " + job + ": {command: 'while [ ! -e " + gate + " ]; do sleep 0.05; done', " + settings + "}\n";
  }

  private static long inState(NodeHarness harness, RunState state) {
    return JOBS.stream().filter(job -> only(harness, job).state() == state).count();
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aGroupRunsAtMostItsLimitAcrossJobsAndNodesAndTheRestSayWhatTheyWaitFor(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    Path gate = dir.resolve("gate");
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      StringBuilder jobs = new StringBuilder("jobs:\n");
      JOBS.forEach(job -> jobs.append(gated(job, gate, "concurrency: {group: db-heavy, limit: 2}")));
      harness.jobs("jobs.yaml", jobs.toString());
      try (Node a = Node.manual(harness.config(), clock); Node b = Node.manual(harness.config(), clock);
          Node c = Node.manual(harness.config(), clock)) {
        Instant now = clock.instant();
        JOBS.forEach(job -> harness.runs().enqueue(job, RunKind.MANUAL, now, 1, now, null));

        assertThat(a.claimPass()).as("two of the four, though the node has four threads").isEqualTo(2);
        assertThat(b.claimPass()).isZero();
        assertThat(c.claimPass()).isZero();
        assertThat(harness.queue().runningByGroup()).isEqualTo(Map.of("db-heavy", 2));

        clock.advance(Duration.ofSeconds(5));
        String waiting = "waiting for group db-heavy (2/2 running)";
        CliRun status = CliRun.of(clock, harness.env(), "status");
        assertThat(status.out()).contains("queue:   2 due, 0 queued for later, 2 running\n")
            .contains("waiting: 2\n  reindex  1 run " + waiting + ", the oldest due 5 s ago\n  vacuum  1 run " + waiting
                + ", the oldest due 5 s ago\n");
        assertThat(CliRun.of(clock, harness.env(), "history", "vacuum").out())
            .containsPattern("QUEUED +0/1 +- +- +- +" + Pattern.quote(waiting) + "\n");
        JsonNode run = JSON.readTree(CliRun.of(clock, harness.env(), "history", "reindex", "--json").out()).get(0);
        assertThat(run.get("waiting").asString()).isEqualTo(waiting);
        assertThat(CliRun.of(clock, harness.env(), "list").out()).contains("note: vacuum: 1 run " + waiting);
        JsonNode listed = JSON.readTree(CliRun.of(clock, harness.env(), "list", "--json").out());
        assertThat(listed.findValuesAsString("concurrencyGroup")).containsOnly("db-heavy").hasSize(4);

        // A node whose configuration gives the group 3 claims under that: the configuration wins over the files.
        try (Node wider = Node.manual(harness.set("CRONBEAT_CONCURRENCY_GROUPS", "db-heavy=3").config(), clock)) {
          assertThat(wider.claimPass()).isEqualTo(1);
          assertThat(harness.queue().runningByGroup()).isEqualTo(Map.of("db-heavy", 3));
          assertThat(CliRun.of(clock, harness.env(), "status").out()).as("read with limit 3")
              .contains("waiting: 1\n  reindex  1 run waiting for group db-heavy (3/3 running)");
          Files.createFile(gate);
          await().atMost(Duration.ofSeconds(20)).until(() -> inState(harness, RunState.SUCCEEDED) == 3);
        }
        assertThat(inState(harness, RunState.QUEUED)).isEqualTo(1);
        assertThat(b.claimPass()).as("slots freed: the last one starts").isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> inState(harness, RunState.SUCCEEDED) == 4);
        assertThat(harness.queue().runningByGroup()).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aBacklogOfAFullGroupDoesNotHideTheRunsBehindIt(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    Path gate = dir.resolve("gate");
    try (NodeHarness harness = new NodeHarness(kind, dir)) {
      StringBuilder jobs = new StringBuilder("jobs:\n  plain: {command: 'true'}\n");
      for (int i = 1; i <= 6; i++) {
        jobs.append(gated("serial-" + i, gate, "overlap: allow, concurrency: {group: serial, limit: 1}"));
      }
      harness.jobs("jobs.yaml", jobs.toString());
      try (Node node = Node.manual(harness.config(), clock)) {
        Instant now = clock.instant();
        // Twelve runs of the group queued first, all due now: more than one claim pass reads.
        for (int round = 0; round < 2; round++) {
          for (int i = 1; i <= 6; i++) {
            harness.runs().enqueue("serial-" + i, RunKind.MANUAL, now, 1, now, null);
          }
        }
        long plain = harness.runs().enqueue("plain", RunKind.MANUAL, now, 1, now, null);

        assertThat(node.claimPass()).as("one of the group, and the run behind its backlog").isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(plain).orElseThrow().state()
            == RunState.SUCCEEDED);
        assertThat(harness.queue().runningByGroup()).isEqualTo(Map.of("serial", 1));
        Files.createFile(gate);
      }
    }
  }
}
