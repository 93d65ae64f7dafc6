package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.cronbeat.exec.ProcessGroup;
import io.cronbeat.run.Attempt;
import io.cronbeat.run.AttemptOutcome;
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
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Leases, fencing and take-over, with two nodes in this JVM stepped by hand on a settable clock:
 * nothing here waits for a lease to run out on the wall clock. The jobs are real processes that
 * write a ledger of their attempts.
 */
class FencingTest {

  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final Duration MARGIN = Duration.ofSeconds(3);

  @TempDir Path dir;

  private Path ledger;

  private NodeHarness harness(TestStore.Kind kind) throws IOException {
    ledger = dir.resolve("ledger");
    NodeHarness harness = new NodeHarness(kind, dir)
        .set("CRONBEAT_NODE_LEASE", "10s")
        .set("CRONBEAT_NODE_HEARTBEAT", "2s")
        .set("CRONBEAT_NODE_KILL_GRACE", "1s")
        .set("CRONBEAT_NODE_RECOVERY_MARGIN", "3s")
        .set("CRONBEAT_NODE_SHUTDOWN_GRACE", "1s"); // a node closed with its minute-long attempt stops it soon
    // The first attempt runs for a minute; any later one ends at once.
    harness.jobs("long.yaml", """
        jobs:
          long:
            command: echo "start $CRONBEAT_RUN_ID $CRONBEAT_ATTEMPT $$" >> %1$s; if [ "$CRONBEAT_ATTEMPT" = 1 ]; then sleep 60; fi; echo "end $CRONBEAT_RUN_ID $CRONBEAT_ATTEMPT" >> %1$s
            overlap: forbid
        """.formatted(ledger));
    return harness;
  }

  private List<String> ledger() throws IOException {
    return Files.exists(ledger) ? Files.readAllLines(ledger) : List.of();
  }

  /** The pid (and process group) of the shell of an attempt, once it has started. */
  private long startedPid(long run, int attempt) throws IOException {
    String prefix = "start " + run + " " + attempt + " ";
    await().atMost(Duration.ofSeconds(20)).until(() -> ledger().stream().anyMatch(l -> l.startsWith(prefix)));
    return Long.parseLong(ledgerLine(prefix).substring(prefix.length()).trim());
  }

  private String ledgerLine(String prefix) throws IOException {
    return ledger().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aPeerTakesOverAStaleOwnersRunOnlyAfterStoppingItsProcessesAndTheOwnerRecordsNothing(TestStore.Kind kind)
      throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    try (NodeHarness harness = harness(kind); Node a = Node.manual(harness.config(), clock);
        Node b = Node.manual(harness.config(), clock)) {
      long id = harness.runs().enqueue("long", RunKind.MANUAL, clock.instant(), 1, clock.instant(), null);
      assertThat(a.claimPass()).isEqualTo(1);
      long firstPid = startedPid(id, 1);

      // A is paused: it neither renews nor guards. Before the lease and margin are over, B leaves the run alone,
      // and a trigger of this overlap: forbid job is skipped.
      clock.advance(LEASE.plus(MARGIN).minusSeconds(1));
      b.upkeepPass();
      long trigger = harness.runs().enqueue("long", RunKind.MANUAL, clock.instant(), 1, clock.instant(), null);
      assertThat(b.claimPass()).isZero();
      assertThat(harness.history().find(id).orElseThrow().state()).isEqualTo(RunState.RUNNING);
      assertThat(harness.history().find(trigger).orElseThrow().state()).isEqualTo(RunState.SKIPPED);

      clock.advance(Duration.ofSeconds(2));
      b.upkeepPass();
      boolean firstAttemptAliveAtTakeOver = new ProcessGroup(firstPid, null).isAlive();
      Run requeued = harness.history().find(id).orElseThrow();
      assertThat(b.claimPass()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(id).orElseThrow().state() == RunState.SUCCEEDED);

      // A comes back: its renewal finds the run is not its own any more; it stops and records nothing.
      a.upkeepPass();
      a.guardPass();
      await().atMost(Duration.ofSeconds(20)).until(() -> a.running().isEmpty());

      assertThat(firstAttemptAliveAtTakeOver).as("attempt 1's process group was stopped before the run was queued again")
          .isFalse();
      assertThat(requeued.state()).isEqualTo(RunState.QUEUED);
      assertThat(requeued.lostAttempts()).isEqualTo(1);
      assertThat(ledger()).containsExactly("start " + id + " 1 " + firstPid, ledgerLine("start " + id + " 2 "), "end " + id + " 2");
      Run run = harness.history().find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(run.attempts()).isEqualTo(2);
      assertThat(run.attemptLimit()).isEqualTo(2);
      List<Attempt> attempts = harness.history().attempts(id);
      assertThat(attempts).extracting(Attempt::nodeId, Attempt::outcome).containsExactly(
          tuple(a.id(), AttemptOutcome.LOST), tuple(b.id(), AttemptOutcome.SUCCEEDED));
      assertThat(attempts.get(0).cleanup()).isEqualTo("process group " + firstPid + " was stopped by node " + b.id()
          + " (SIGTERM, then SIGKILL after 1s)");
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void anOwnerThatCannotRenewStopsItsAttemptWhenTheLeaseRunsOutAndItIsRetriedAsLost(TestStore.Kind kind)
      throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    try (NodeHarness harness = harness(kind); Node a = Node.manual(harness.config(), clock);
        Node b = Node.manual(harness.config(), clock)) {
      long id = harness.runs().enqueue("long", RunKind.MANUAL, clock.instant(), 1, clock.instant(), null);
      assertThat(a.claimPass()).isEqualTo(1);
      long firstPid = startedPid(id, 1);

      clock.advance(LEASE.minusSeconds(1));
      assertThat(a.guardPass()).as("the lease has a second left").isZero();
      clock.advance(Duration.ofSeconds(1));
      assertThat(a.guardPass()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(20)).until(() -> a.running().isEmpty());

      assertThat(new ProcessGroup(firstPid, null).isAlive()).isFalse();
      Run run = harness.history().find(id).orElseThrow();
      assertThat(run.state()).isEqualTo(RunState.QUEUED);
      assertThat(run.lostAttempts()).as("a lost attempt uses up none of the job's single attempt").isEqualTo(1);
      assertThat(harness.history().attempts(id)).extracting(Attempt::outcome, Attempt::reason).containsExactly(
          tuple(AttemptOutcome.LOST,
              "node " + a.id() + " could not renew its lease in time; the attempt was stopped"));

      assertThat(b.claimPass()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.history().find(id).orElseThrow().state() == RunState.SUCCEEDED);
      assertThat(ledger()).doesNotContain("end " + id + " 1");
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aRenewedLeaseKeepsTheRunAwayFromPeers(TestStore.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    try (NodeHarness harness = harness(kind); Node a = Node.manual(harness.config(), clock);
        Node b = Node.manual(harness.config(), clock)) {
      long id = harness.runs().enqueue("long", RunKind.MANUAL, clock.instant(), 1, clock.instant(), null);
      a.claimPass();
      long pid = startedPid(id, 1);

      for (int beat = 0; beat < 5; beat++) {
        clock.advance(LEASE.dividedBy(2));
        a.upkeepPass();
        b.upkeepPass();
        a.guardPass();
      }

      assertThat(new ProcessGroup(pid, null).isAlive()).isTrue();
      assertThat(harness.history().find(id).orElseThrow().nodeId()).isEqualTo(a.id());
      assertThat(harness.history().attempts(id)).extracting(Attempt::outcome).containsExactly((AttemptOutcome) null);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void theRunsOfADeadNodeOnThisHostAreTakenOverAtOnceAfterItsLeftoverGroupIsStopped(TestStore.Kind kind)
      throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    try (NodeHarness harness = harness(kind); Node dead = Node.manual(harness.config(), clock)) {
      long id = harness.runs().enqueue("long", RunKind.MANUAL, clock.instant(), 1, clock.instant(), null);
      dead.claimPass();
      long pid = startedPid(id, 1);
      // What kill -9 of that node leaves: its row says it runs, with a pid that is gone.
      Process gone = new ProcessBuilder("true").start();
      gone.waitFor();
      harness.jdbc().update("UPDATE cb_nodes SET pid = ? WHERE id = ?", gone.pid(), dead.id());

      try (Node next = Node.manual(harness.config(), clock)) {
        next.upkeepPass(); // no time has passed: the lease is still good for 10 s

        Run run = harness.history().find(id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.QUEUED);
        assertThat(new ProcessGroup(pid, null).isAlive()).isFalse();
        assertThat(harness.history().attempts(id).get(0).cleanup()).isEqualTo("process group " + pid
            + " was stopped by node " + next.id() + " (SIGTERM, then SIGKILL after 1s)");
        assertThat(harness.jdbc().query("SELECT stopped_at FROM cb_nodes WHERE id = ?", r -> r.getObject(1), dead.id()))
            .doesNotContainNull();
      }
    }
  }
}
