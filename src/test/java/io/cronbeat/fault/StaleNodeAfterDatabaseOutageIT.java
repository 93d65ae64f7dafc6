package io.cronbeat.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, must show 1: node A loses the database (a cut TCP proxy) for longer than its lease
 * plus the recovery margin while it runs jobs; node B, which still reaches the database, takes
 * the runs over. Shortened for CI (the property is the same): jobs of 30 s instead of 60 s,
 * lease 4 s, margin 3 s, outage 12 s.
 */
class StaleNodeAfterDatabaseOutageIT {

  private static final int JOBS = 3;
  private static final int JOB_SECONDS = 30;
  private static final Duration LEASE = Duration.ofSeconds(4);
  private static final Duration OUTAGE = Duration.ofSeconds(12);
  /** Scheduling slack on a loaded two-core machine: a tick, a TERM and a busy JVM. */
  private static final Duration SLACK = Duration.ofMillis(1500);

  @TempDir Path dir;

  @Test
  void nodeCutOffFromTheDatabaseStopsItsAttemptsAndThePeerAloneFinishesTheRuns() throws Exception {
    try (FaultCluster cluster = FaultCluster.on(TestStore.Kind.POSTGRESQL, dir)) {
      cluster.verify(() -> {
        cluster.ledgerJobs("long", JOBS, JOB_SECONDS);
        NodeProcess a = cluster.start("a", true, Map.of()).awaitStarted(Duration.ofSeconds(90));
        List<Long> ids = IntStream.rangeClosed(1, JOBS).mapToObj(i -> cluster.tables().enqueue("long-" + i, 1)).toList();
        await("node a starts every run").atMost(Duration.ofSeconds(30))
            .until(() -> ids.stream().allMatch(id -> cluster.ledger().attempt(id, 1).isPresent()));
        NodeProcess b = cluster.start("b", false, Map.of()).awaitStarted(Duration.ofSeconds(90));

        cluster.proxy().cut();
        Instant cut = Instant.now();
        await("the outage").pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(1)).until(() -> true);
        cluster.proxy().restore();
        await("every run ends").atMost(Duration.ofSeconds(JOB_SECONDS + 40))
            .until(() -> ids.stream().allMatch(id -> cluster.tables().run(id).orElseThrow().finishedAt() != null));

        Ledger ledger = cluster.ledger();
        List<Tables.AttemptRow> attempts = cluster.tables().attempts();
        long recovery = ids.stream().mapToLong(id -> ledger.attempt(id, 2)
            .map(l -> Duration.between(cut, l.start()).toMillis()).orElse(-1L)).max().orElse(-1);
        new Summary("1 db outage 12s, 2 nodes, PostgreSQL", JOBS, cluster.tables().runs().size(), ledger.overlappingRuns(),
            attempts.stream().filter(row -> "LOST".equals(row.outcome())).count(), recovery).print();

        assertThat(ledger.overlapping()).as("attempts of one run alive at the same time").isEmpty();
        for (long id : ids) {
          Ledger.Life stale = ledger.attempt(id, 1).orElseThrow();
          assertThat(stale.lastSign()).as("run %d: the cut-off node stops its process when its lease runs out", id)
              .isBefore(cut.plus(LEASE).plus(SLACK));
          assertThat(stale.ended()).as("run %d: the stale attempt did not run to its end", id).isFalse();
          assertThat(ledger.attempt(id, 2)).as("run %d: the peer ran it again, to its end", id)
              .hasValueSatisfying(life -> assertThat(life.ended()).isTrue());
          assertThat(cluster.tables().run(id).orElseThrow().state()).as("run %d: the owner's outcome", id).isEqualTo("SUCCEEDED");
          assertThat(cluster.tables().attempts(id)).as("run %d: attempts as recorded", id)
              .extracting(Tables.AttemptRow::attempt, Tables.AttemptRow::outcome)
              .containsExactly(tuple(1, "LOST"), tuple(2, "SUCCEEDED"));
          assertThat(cluster.tables().attempts(id)).extracting(Tables.AttemptRow::nodeId)
              .as("run %d: attempt 1 on node a (pid %d), attempt 2 on node b (pid %d)", id, a.pid(), b.pid())
              .satisfiesExactly(n -> assertThat(n).contains("-" + a.pid() + "-"), n -> assertThat(n).contains("-" + b.pid() + "-"));
        }
      });
    }
  }
}
