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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 7, must show 2: node A's JVM is frozen with SIGSTOP for twice the lease plus the
 * recovery margin, then continued; its jobs' processes are not frozen (SIGSTOP goes to the JVM
 * only). Node B takes the runs over. Shortened for CI: jobs of 24 s, lease 4 s, margin 3 s,
 * frozen 11 s. While B runs attempt 2, a {@code trigger} of the same {@code overlap: forbid}
 * job must be SKIPPED, also after A's attempt 1 would have ended on its own.
 */
class PausedNodeIT {

  private static final int JOBS = 2;
  private static final int JOB_SECONDS = 24;
  private static final Duration FROZEN = Duration.ofSeconds(2 * 4 + 3);

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void frozenNodeRecordsNothingOverTheNewOwnerAndAForbiddenOverlapIsSkipped(TestStore.Kind kind) throws Exception {
    try (FaultCluster cluster = FaultCluster.on(kind, dir)) {
      cluster.verify(() -> {
        cluster.ledgerJobs("long", JOBS, JOB_SECONDS);
        NodeProcess a = cluster.start("a", false, Map.of()).awaitStarted(Duration.ofSeconds(90));
        List<Long> ids = IntStream.rangeClosed(1, JOBS).mapToObj(i -> cluster.tables().enqueue("long-" + i, 1)).toList();
        await("node a starts every run").atMost(Duration.ofSeconds(30))
            .until(() -> ids.stream().allMatch(id -> cluster.ledger().attempt(id, 1).isPresent()));
        NodeProcess b = cluster.start("b", false, Map.of()).awaitStarted(Duration.ofSeconds(90));

        a.sigstop();
        Instant stopped = Instant.now();
        await("a frozen").pollDelay(FROZEN).atMost(FROZEN.plusSeconds(1)).until(() -> true);
        a.sigcont();
        // Trigger once attempt 1 would have ended by itself and A has had time to act on waking,
        // so that neither a running attempt 1 nor a still-frozen A can be what blocks it.
        Instant attempt1Start = cluster.ledger().attempt(ids.get(0), 1).orElseThrow().start();
        Instant triggerAt = latest(attempt1Start.plusSeconds(JOB_SECONDS + 2), Instant.now().plusSeconds(2));
        await("trigger time").pollDelay(nonNegative(Duration.between(Instant.now(), triggerAt))).atMost(Duration.ofSeconds(40))
            .until(() -> true);
        Instant triggered = Instant.now();
        long trigger = queuedRun(cluster.cli("trigger", "long-1"));
        await("the triggered run is claimed or skipped").atMost(Duration.ofSeconds(20))
            .until(() -> !cluster.tables().run(trigger).orElseThrow().state().equals("QUEUED"));
        Tables.RunRow decided = cluster.tables().run(trigger).orElseThrow();
        Instant decidedAt = decided.finishedAt() != null ? decided.finishedAt() : decided.startedAt();
        await("every run ends").atMost(Duration.ofSeconds(JOB_SECONDS + 40))
            .until(() -> ids.stream().allMatch(id -> cluster.tables().run(id).orElseThrow().finishedAt() != null
                && cluster.ledger().attempts(id).stream().anyMatch(Ledger.Life::ended)));

        Ledger ledger = cluster.ledger();
        List<Tables.AttemptRow> attempts = cluster.tables().attempts();
        long recovery = ids.stream().mapToLong(id -> ledger.attempt(id, 2)
            .map(l -> Duration.between(stopped, l.start()).toMillis()).orElse(-1L)).max().orElse(-1);
        new Summary("2 SIGSTOP " + FROZEN.toSeconds() + "s, 2 nodes, " + kind, JOBS + 1, cluster.tables().runs().size(),
            ledger.overlappingRuns(), attempts.stream().filter(row -> "LOST".equals(row.outcome())).count(), recovery).print();

        assertThat(ledger.overlapping()).as("attempts of one run alive at the same time").isEmpty();
        for (long id : ids) {
          List<Tables.AttemptRow> rows = cluster.tables().attempts(id);
          assertThat(rows).as("run %d: attempts as recorded", id).extracting(Tables.AttemptRow::attempt, Tables.AttemptRow::outcome)
              .containsExactly(tuple(1, "LOST"), tuple(2, "SUCCEEDED"));
          assertThat(rows.get(0).nodeId()).as("run %d: attempt 1 on a", id).contains("-" + a.pid() + "-");
          assertThat(rows.get(1).nodeId()).as("run %d: attempt 2 on b", id).contains("-" + b.pid() + "-");
          assertThat(rows.get(0).finishedAt()).as("run %d: attempt 1 was closed (LOST) before attempt 2 began, never after", id)
              .isBeforeOrEqualTo(rows.get(1).startedAt());
          Tables.RunRow run = cluster.tables().run(id).orElseThrow();
          assertThat(run.state()).as("run %d: the state B recorded", id).isEqualTo("SUCCEEDED");
        }
        Ledger.Life blocking = ledger.attempt(ids.get(0), 2).orElseThrow();
        assertThat(blocking.lastSign()).as("precondition: B's attempt 2 of long-1 ran when the trigger was decided")
            .isAfter(decidedAt);
        assertThat(decided.state()).as("trigger of long-1 at %s while B ran it (overlap: forbid); reason %s", triggered,
            decided.reason()).isEqualTo("SKIPPED");
        assertThat(cluster.tables().attempts(trigger)).as("the skipped trigger started nothing").isEmpty();
      });
    }
  }

  private static Instant latest(Instant one, Instant other) {
    return one.isAfter(other) ? one : other;
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  private static long queuedRun(String output) {
    Matcher matcher = Pattern.compile("queued run (\\d+) of job").matcher(output);
    assertThat(matcher.find()).as("trigger output: %s", output).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
