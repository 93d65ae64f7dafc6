package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.run.Attempt;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.SettableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs claimed before their due time, with nodes stepped by hand on a settable clock: a run
 * claimed ahead starts at its instant and not at the claim, is given back unstarted when its
 * node stops first or its threads stay busy past node.poll, and never starts when cancelled
 * meanwhile. The job writes a ledger line when its process really starts.
 */
class AheadClaimTest {

  private static final Duration AHEAD = Duration.ofMillis(300);

  @TempDir Path dir;

  private Path ledger;

  private NodeHarness harness(TestStore.Kind kind) throws IOException {
    ledger = dir.resolve("ledger");
    return new NodeHarness(kind, dir).jobs("stamp.yaml", """
        jobs:
          stamp:
            command: echo "run $CRONBEAT_RUN_ID attempt $CRONBEAT_ATTEMPT" >> %s
        """.formatted(ledger));
  }

  private List<String> ledger() throws IOException {
    return Files.exists(ledger) ? Files.readAllLines(ledger) : List.of();
  }

  /** Long enough that a run started early would have written its line. */
  private static void settle() throws InterruptedException {
    Thread.sleep(1_500);
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aRunClaimedAheadStartsAtItsDueTimeAndNotBefore(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try (NodeHarness harness = harness(kind); Node node = Node.manual(harness.config(), clock)) {
      Instant due = clock.instant().plus(AHEAD);
      long id = harness.runs().enqueue("stamp", RunKind.MANUAL, due, 1, clock.instant(), null);

      assertThat(node.claimPass()).isEqualTo(1);
      settle();

      assertThat(ledger()).as("claimed, but not due yet on the node's clock").isEmpty();
      assertThat(harness.history().find(id).orElseThrow()).extracting(Run::state, Run::startedAt)
          .containsExactly(RunState.RUNNING, due);

      clock.advance(AHEAD);
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(id).orElseThrow().state() == RunState.SUCCEEDED);

      assertThat(ledger()).containsExactly("run " + id + " attempt 1");
      assertThat(harness.history().attempts(id)).extracting(Attempt::startedAt).containsExactly(due);
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aNodeStoppingBeforeItsAheadClaimIsDueGivesTheRunBackForAnotherNode(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try (NodeHarness harness = harness(kind)) {
      long id = harness.runs().enqueue("stamp", RunKind.MANUAL, clock.instant().plus(AHEAD), 1, clock.instant(), null);
      try (Node stopping = Node.manual(harness.config(), clock)) {
        assertThat(stopping.claimPass()).isEqualTo(1);
      }

      assertThat(harness.history().find(id).orElseThrow()).extracting(Run::state, Run::attempts, Run::nodeId)
          .containsExactly(RunState.QUEUED, 0, null);
      assertThat(harness.history().attempts(id)).as("no attempt was made").isEmpty();

      clock.advance(AHEAD);
      try (Node other = Node.manual(harness.config(), clock)) {
        assertThat(other.claimPass()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(id).orElseThrow().state() == RunState.SUCCEEDED);
      }
      assertThat(ledger()).containsExactly("run " + id + " attempt 1");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void runsClaimedForALaterInstantDoNotKeepARunDueNowWaiting(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try (NodeHarness harness = harness(kind).set("CRONBEAT_EXECUTOR_THREADS", "2").jobs("later.yaml", """
        jobs:
          later:
            command: echo "later $CRONBEAT_RUN_ID" >> %s
            overlap: allow
        """.formatted(ledger)); Node node = Node.manual(harness.config(), clock)) {
      Instant due = clock.instant().plus(AHEAD);
      for (int i = 0; i < 2; i++) {
        harness.runs().enqueue("later", RunKind.MANUAL, due, 1, clock.instant(), null);
      }
      assertThat(node.claimPass()).as("as many runs ahead as its two threads start at once").isEqualTo(2);

      // A run late already (a second's backlog, say) while the next instant's runs wait for theirs.
      long late = harness.runs().enqueue("stamp", RunKind.MANUAL, clock.instant(), 1, clock.instant(), null);
      assertThat(node.claimPass()).as("the run due now is claimed although runs for later fill the node's ahead room")
          .isEqualTo(1);

      await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(late).orElseThrow().state() == RunState.SUCCEEDED);
      assertThat(ledger()).as("started at once; the runs claimed ahead still wait for their instant")
          .containsExactly("run " + late + " attempt 1");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void aRunCancelledWhileItWaitsForItsDueTimeNeverStarts(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try (NodeHarness harness = harness(kind); Node node = Node.manual(harness.config(), clock)) {
      long id = harness.runs().enqueue("stamp", RunKind.MANUAL, clock.instant().plus(AHEAD), 1, clock.instant(), null);
      assertThat(node.claimPass()).isEqualTo(1);

      harness.queue().cancel(id, clock.instant(), "cancelled by a test");
      node.upkeepPass(); // the node learns of cancel requests in its heartbeat
      clock.advance(AHEAD);

      await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(id).orElseThrow().state() == RunState.CANCELLED);
      settle();
      assertThat(ledger()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void aClaimedRunWaitingForABusyThreadPastNodePollIsGivenBackForAnotherNode(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try (NodeHarness harness = harness(kind).set("CRONBEAT_EXECUTOR_THREADS", "1").set("CRONBEAT_NODE_SHUTDOWN_GRACE", "1s")
        .set("CRONBEAT_NODE_KILL_GRACE", "1s").jobs("long.yaml", "jobs:\n  long:\n    command: sleep 60\n")
        .jobs("quick.yaml", "jobs:\n  quick:\n    command: 'true'\n    overlap: allow\n");
        Node node = Node.manual(harness.config(), clock)) {
      // A node claims ahead what its threads get through in a second, judged by its attempts so
      // far: after short ones, more than its one thread can start at once.
      List<Long> quick = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        quick.add(harness.runs().enqueue("quick", RunKind.MANUAL, clock.instant(), 1, clock.instant(), null));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        node.claimPass();
        return quick.stream().allMatch(id -> harness.history().find(id).orElseThrow().state() == RunState.SUCCEEDED);
      });
      Instant due = clock.instant().plus(AHEAD);
      long busy = harness.runs().enqueue("long", RunKind.MANUAL, due, 1, clock.instant(), null);
      long waiting = harness.runs().enqueue("stamp", RunKind.MANUAL, due, 1, clock.instant(), null);
      assertThat(node.claimPass()).as("both claimed ahead while the thread was free").isEqualTo(2);

      clock.advance(AHEAD);
      await().atMost(Duration.ofSeconds(20)).until(() -> !harness.history().attempts(busy).isEmpty()
          && harness.history().attempts(busy).get(0).startedAt() != null && node.running().contains(busy));
      settle();
      assertThat(ledger()).as("the one thread is busy with the long run").isEmpty();

      clock.advance(Duration.ofMillis(1_500)); // past node.poll (1s) after its due time
      node.claimPass();

      assertThat(harness.history().find(waiting).orElseThrow()).extracting(Run::state, Run::attempts, Run::nodeId)
          .containsExactly(RunState.QUEUED, 0, null);
      assertThat(harness.history().attempts(waiting)).isEmpty();
      try (Node other = Node.manual(harness.config(), clock)) {
        assertThat(other.claimPass()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(waiting).orElseThrow().state() == RunState.SUCCEEDED);
      }
      assertThat(ledger()).containsExactly("run " + waiting + " attempt 1");
      assertThat(harness.history().attempts(waiting)).extracting(Attempt::nodeId).doesNotContain(node.id());
    }
  }
}
