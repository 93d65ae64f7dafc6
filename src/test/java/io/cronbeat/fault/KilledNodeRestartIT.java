package io.cronbeat.fault;

import static org.assertj.core.api.Assertions.assertThat;
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
 * Issue 7, must show 3: {@code kill -9} of a node running 10 long jobs, then the node started
 * again on the same host, data directory and store. Its jobs' processes outlive it (nothing
 * signals them); the restarted node must kill their process groups before it retries the
 * runs, and record that it did. Shortened for CI: jobs of 20 s.
 */
class KilledNodeRestartIT {

  private static final int JOBS = 10;
  private static final int JOB_SECONDS = 20;

  @TempDir Path dir;

  @Test
  void restartedNodeKillsTheLeftoverProcessGroupsBeforeItRetriesTheRuns() throws Exception {
    try (FaultCluster cluster = FaultCluster.on(TestStore.Kind.POSTGRESQL, dir)) {
      cluster.verify(() -> {
        cluster.ledgerJobs("long", JOBS, JOB_SECONDS);
        NodeProcess doomed = cluster.start("a", false, Map.of()).awaitStarted(Duration.ofSeconds(90));
        List<Long> ids = IntStream.rangeClosed(1, JOBS).mapToObj(i -> cluster.tables().enqueue("long-" + i, 1)).toList();
        await("every run started").atMost(Duration.ofSeconds(30))
            .until(() -> ids.stream().allMatch(id -> cluster.ledger().attempt(id, 1).isPresent()));
        await("every run ticks").atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id ->
            cluster.ledger().attempt(id, 1).orElseThrow().lastSign().isAfter(cluster.ledger().attempt(id, 1).orElseThrow().start())));

        Instant killed = doomed.sigkill();
        List<Long> orphans = cluster.ledger().pids();
        assertThat(orphans).as("precondition: the jobs outlive their node").allMatch(ProcessGroups::alive);
        cluster.start("a-restarted", false, Map.of("CRONBEAT_DATA", dir.resolve("data-a").toString()))
            .awaitStarted(Duration.ofSeconds(90));
        await("every run started again").atMost(Duration.ofSeconds(60))
            .until(() -> ids.stream().allMatch(id -> cluster.ledger().attempt(id, 2).isPresent()));
        await("every run ends").atMost(Duration.ofSeconds(JOB_SECONDS + 30))
            .until(() -> ids.stream().allMatch(id -> cluster.tables().run(id).orElseThrow().finishedAt() != null));

        Ledger ledger = cluster.ledger();
        List<Long> starts = ids.stream().map(id -> Duration.between(killed, ledger.attempt(id, 2).orElseThrow().start()).toMillis())
            .sorted().toList();
        System.out.println("FAULT-RECOVERY scenario 3: from kill -9 to attempt 2 start, first " + starts.get(0) + " ms, last "
            + starts.get(starts.size() - 1) + " ms");
        new Summary("3 kill -9 + restart, 10 jobs, PostgreSQL", JOBS, cluster.tables().runs().size(), ledger.overlappingRuns(),
            cluster.tables().attempts().stream().filter(row -> "LOST".equals(row.outcome())).count(),
            starts.get(starts.size() - 1)).print();

        assertThat(ledger.overlapping()).as("attempts of one run alive at the same time").isEmpty();
        for (long id : ids) {
          Ledger.Life first = ledger.attempt(id, 1).orElseThrow();
          Ledger.Life second = ledger.attempt(id, 2).orElseThrow();
          assertThat(first.lastSign()).as("run %d: the orphan's last tick comes before attempt 2 starts", id)
              .isBefore(second.start());
          assertThat(second.ended()).as("run %d: attempt 2 ran to its end", id).isTrue();
          assertThat(cluster.tables().run(id).orElseThrow().state()).as("run %d", id).isEqualTo("SUCCEEDED");
        }
        assertThat(orphans).as("no orphan of the killed node is left").noneMatch(ProcessGroups::alive);
        assertThat(cluster.tables().hasColumn("cb_attempts", "cleanup"))
            .as("cb_attempts records the clean-up of a lost attempt (column cleanup)").isTrue();
        for (long id : ids) {
          Tables.AttemptRow lost = cluster.tables().attempts(id).get(0);
          System.out.println("FAULT-CLEANUP run " + id + " attempt 1: " + lost.cleanup().orElse("") + " / " + lost.reason().orElse(""));
          assertThat(lost.outcome()).as("run %d attempt 1", id).isEqualTo("LOST");
          assertThat(lost.cleanup()).as("run %d attempt 1: the kill of its leftover group is recorded", id)
              .hasValueSatisfying(text -> assertThat(text).isNotBlank());
        }
      });
    }
  }
}
