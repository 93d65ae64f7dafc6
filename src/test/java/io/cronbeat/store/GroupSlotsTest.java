package io.cronbeat.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.job.ConcurrencyGroup;
import io.cronbeat.job.Overlap;
import io.cronbeat.run.AttemptOutcome;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Concurrency groups in the claim, on every database: counted across jobs and nodes, under the group's lock. */
class GroupSlotsTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final ConcurrencyGroup DB_HEAVY = new ConcurrencyGroup("db-heavy", 2);

  @TempDir Path dir;

  private interface GroupTest {
    void run(Runs runs, RunLeases leases, Jdbc jdbc) throws Exception;
  }

  private void on(TestStore.Kind kind, GroupTest test) throws Exception {
    try (TestStore store = TestStore.create(kind, dir); Database database = Database.open(store.config(Map.of()))) {
      Jdbc jdbc = new Jdbc(database.dataSource());
      test.run(Runs.of(jdbc), new RunLeases(jdbc, database.dialect()), jdbc);
    }
  }

  private static Claimant node(String id) {
    return new Claimant(id, "host", "boot", NOW, NOW.plusSeconds(30));
  }

  private static List<Run> queue(Runs runs, String... jobs) {
    List<Run> queued = new ArrayList<>();
    for (String job : jobs) {
      queued.add(runs.history().find(runs.enqueue(job, RunKind.MANUAL, NOW, 1, NOW, null)).orElseThrow());
    }
    return queued;
  }

  private static List<ClaimRequest> inGroup(List<Run> runs, ConcurrencyGroup group) {
    return runs.stream().map(run -> new ClaimRequest(run, Overlap.ALLOW, null, group)).toList();
  }

  private static int running(Jdbc jdbc) {
    return jdbc.query("SELECT COUNT(*) FROM cb_runs WHERE state = 'RUNNING'", row -> row.getInt(1)).get(0);
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aGroupRunsNoMoreThanItsLimitAcrossItsJobsAndTheNextClaimTakesAFreedSlot(TestStore.Kind kind) throws Exception {
    on(kind, (runs, leases, jdbc) -> {
      List<Run> queued = queue(runs, "import", "export", "vacuum", "reindex", "plain");
      List<ClaimRequest> requests = new ArrayList<>(inGroup(queued.subList(0, 4), DB_HEAVY));
      requests.add(new ClaimRequest(queued.get(4), Overlap.ALLOW, null));

      List<Claim> first = leases.claimAll(requests, node("node-a"));

      assertThat(first).extracting(Claim::result).containsExactly(Claim.Result.CLAIMED, Claim.Result.CLAIMED,
          Claim.Result.GROUP_FULL, Claim.Result.GROUP_FULL, Claim.Result.CLAIMED);
      assertThat(runs.queue().runningByGroup()).isEqualTo(Map.of("db-heavy", 2));
      List<Run> waiting = List.of(runs.history().find(queued.get(2).id()).orElseThrow(), runs.history().find(queued.get(3).id()).orElseThrow());
      assertThat(leases.claimAll(inGroup(waiting, DB_HEAVY), node("node-b"))).as("another node finds the group full too")
          .extracting(Claim::result).containsOnly(Claim.Result.GROUP_FULL);

      assertThat(leases.complete(new Lease(queued.get(0).id(), 1, "node-a"),
          new AttemptEnd(NOW.plusSeconds(5), AttemptOutcome.SUCCEEDED, 0, "", null),
          new Transition.Finish(RunState.SUCCEEDED, 0, NOW.plusSeconds(5), null))).isTrue();
      assertThat(leases.claimAll(inGroup(waiting, DB_HEAVY), node("node-b"))).as("one slot freed: one more starts")
          .extracting(Claim::result).containsExactly(Claim.Result.CLAIMED, Claim.Result.GROUP_FULL);
      assertThat(runs.queue().runningByGroup()).isEqualTo(Map.of("db-heavy", 2));
    });
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void nodesClaimingAtTheSameInstantNeverBothTakeAMutexsLastSlot(TestStore.Kind kind) throws Exception {
    ConcurrencyGroup mutex = new ConcurrencyGroup("nightly", 1);
    on(kind, (runs, leases, jdbc) -> {
      ExecutorService nodes = Executors.newFixedThreadPool(4);
      try {
        for (int round = 0; round < 15; round++) {
          // Four nodes, each with a run of its own job in the group, claim at once; the group row
          // is created by whichever claim comes first in round 0.
          List<Run> queued = queue(runs, "a", "b", "c", "d");
          CyclicBarrier together = new CyclicBarrier(queued.size());
          List<Future<Claim>> claims = new ArrayList<>();
          for (int i = 0; i < queued.size(); i++) {
            Run run = queued.get(i);
            String id = "node-" + i;
            claims.add(nodes.submit(() -> {
              together.await();
              return leases.claimAll(List.of(new ClaimRequest(run, Overlap.ALLOW, null, mutex)), node(id)).get(0);
            }));
          }
          int claimed = 0;
          for (Future<Claim> claim : claims) {
            claimed += claim.get().result() == Claim.Result.CLAIMED ? 1 : 0;
          }
          assertThat(claimed).as("round %d", round).isEqualTo(1);
          assertThat(running(jdbc)).as("round %d", round).isEqualTo(1);
          // End the round: the running run ends, the others are cancelled.
          jdbc.update("UPDATE cb_runs SET state = 'SUCCEEDED' WHERE state = 'RUNNING'");
          jdbc.update("UPDATE cb_runs SET state = 'CANCELLED' WHERE state = 'QUEUED'");
        }
      } finally {
        nodes.shutdownNow();
      }
    });
  }
}
