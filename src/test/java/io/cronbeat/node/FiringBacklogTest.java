package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronbeat.run.Run;
import io.cronbeat.run.RunKind;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import io.cronbeat.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A backlog is not an outage: firing passes stepped by hand on a settable clock. When the node
 * keeps firing but falls behind (each pass takes only a few triggers), every firing still runs
 * once, late; only when no pass ran for longer than {@code node.misfire-after} does the job's
 * catch-up policy apply.
 */
class FiringBacklogTest {

  private static final int JOBS = 30;

  @TempDir Path dir;

  private NodeHarness harness(TestStore.Kind kind, String catchUp) throws Exception {
    StringBuilder yaml = new StringBuilder("jobs:\n");
    for (int i = 0; i < JOBS; i++) {
      yaml.append("  j").append(i).append(":\n    schedule: '@every 1m'\n    command: 'true'\n    catch-up: ").append(catchUp)
          .append("\n");
    }
    return new NodeHarness(kind, dir).set("CRONBEAT_NODE_MISFIRE_AFTER", "5s").jobs("jobs.yaml", yaml.toString());
  }

  /** The instant every trigger is due next (an @every 1m job is due at the next whole minute). */
  private static Instant nextFireTime(NodeHarness harness) {
    List<Long> times = harness.jdbc().query("SELECT DISTINCT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS", row -> row.getLong(1));
    assertThat(times).hasSize(1);
    return Instant.ofEpochMilli(times.get(0));
  }

  private static void at(SettableClock clock, Instant instant) {
    clock.advance(Duration.between(clock.instant(), instant));
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void firingsThatFallBehindWhileTheNodeFiresRunOnceLateAndNoneIsCaughtUpOrMissed(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = harness(kind, "none")) {
      SettableClock clock = new SettableClock(Instant.now());
      Instant due;
      try (Node node = Node.manual(harness.config(), clock)) {
        due = nextFireTime(harness);
        at(clock, due.minusSeconds(2));
        node.firePass(5); // nothing due yet; the cluster is firing from here on

        // A pass every 2 s that takes 5 triggers: the last ones are recorded 11 s late.
        for (int pass = 0; pass < JOBS / 5; pass++) {
          at(clock, due.plusSeconds(1 + 2L * pass));
          node.firePass(5);
        }
      }

      Instant dueAt = due;
      List<Run> runs = harness.history().query(null, null, null, 1000);
      assertThat(runs).hasSize(JOBS).allSatisfy(run -> {
        assertThat(run.kind()).isEqualTo(RunKind.SCHEDULED);
        assertThat(run.state()).isEqualTo(RunState.QUEUED);
        assertThat(run.scheduledAt()).isEqualTo(dueAt);
        assertThat(run.dueAt()).as("due at its own time, however late it was recorded").isEqualTo(run.scheduledAt());
      });
      List<Long> lateBy = harness.jdbc().query("SELECT created_at - scheduled_at FROM cb_runs ORDER BY 1", row -> row.getLong(1));
      assertThat(lateBy.get(lateBy.size() - 1)).as("recorded later than node.misfire-after")
          .isGreaterThan(Duration.ofSeconds(5).toMillis());
      assertThat(harness.runsOf("j0")).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"H2", "POSTGRESQL"})
  void firingsWhileNoNodeFiredFollowTheCatchUpPolicy(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = harness(kind, "latest")) {
      SettableClock clock = new SettableClock(Instant.now());
      Instant due;
      try (Node node = Node.manual(harness.config(), clock)) {
        due = nextFireTime(harness);
        at(clock, due.minusSeconds(2));
        node.firePass(1000);
        // No pass for three minutes and a bit: nobody fired due, due + 1m, due + 2m or due + 3m.
        at(clock, due.plus(Duration.ofMinutes(3)).plusSeconds(10));
        node.firePass(1000);
      }

      for (int i = 0; i < JOBS; i++) {
        List<Run> runs = harness.runsOf("j" + i);
        assertThat(runs).extracting(Run::kind).containsOnly(RunKind.CATCH_UP);
        assertThat(runs.stream().filter(r -> r.state() == RunState.QUEUED)).extracting(Run::scheduledAt)
            .containsExactly(due.plus(Duration.ofMinutes(3)));
        assertThat(runs.stream().filter(r -> r.state() == RunState.MISSED)).extracting(Run::scheduledAt)
            .containsExactlyInAnyOrder(due, due.plus(Duration.ofMinutes(1)), due.plus(Duration.ofMinutes(2)));
      }
    }
  }
}
