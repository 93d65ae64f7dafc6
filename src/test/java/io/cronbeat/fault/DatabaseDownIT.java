package io.cronbeat.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, must show 7: the database is unreachable (a cut TCP proxy) for 20 s, once while the
 * node starts and once while it runs. The node neither exits nor waits for Quartz's default
 * 15 s retry to fire again.
 */
class DatabaseDownIT {

  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final Duration RESUME_WITHIN = Duration.ofSeconds(2);

  @TempDir Path dir;

  @Test
  void nodeStartedWithTheDatabaseDownWaitsAndStartsWhenItComes() throws Exception {
    try (FaultCluster cluster = FaultCluster.on(TestStore.Kind.POSTGRESQL, dir)) {
      cluster.verify(() -> {
        cluster.jobs("jobs:\n  tick:\n    schedule: '@every 1s'\n    command: ['true']\n");
        cluster.proxy().cut();
        NodeProcess node = cluster.start("a", true, Map.of());
        await("the node keeps waiting while the database is down").during(OUTAGE).atMost(OUTAGE.plusSeconds(2))
            .until(node::isAlive);
        cluster.proxy().restore();
        Instant restored = Instant.now();
        node.awaitStarted(Duration.ofSeconds(60));
        long started = Duration.between(restored, Instant.now()).toMillis();
        await("it fires").atMost(Duration.ofSeconds(20)).until(() -> !cluster.tables().runs().isEmpty());
        new Summary("7a db down 20s at start", 1, 1, 0, 0, started).print();

        assertThat(node.isAlive()).as("the node runs").isTrue();
        assertThat(node.logText()).as("what the node said while it waited").contains(" started: ");
      });
    }
  }

  @Test
  void afterAnOutageTheFirstFiringIsRecordedWithinTwoSecondsOfTheDatabaseAnswering() throws Exception {
    try (FaultCluster cluster = FaultCluster.on(TestStore.Kind.POSTGRESQL, dir)) {
      cluster.verify(() -> {
        cluster.jobs("jobs:\n  tick:\n    schedule: '@every 1s'\n    command: ['true']\n");
        NodeProcess node = cluster.start("a", true, Map.of()).awaitStarted(Duration.ofSeconds(90));
        await("it fires").atMost(Duration.ofSeconds(20)).until(() -> cluster.tables().runs().size() >= 2);

        cluster.proxy().cut();
        Instant cut = Instant.now();
        await("the outage").pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(1)).until(() -> true);
        cluster.proxy().restore();
        Instant restored = Instant.now();
        await("a firing is recorded after the outage").atMost(Duration.ofSeconds(30))
            .until(() -> cluster.tables().runs().stream().anyMatch(r -> !r.createdAt().isBefore(restored)));
        // Some seconds more, for the outage's firings to be caught up or recorded missed.
        await("settle").pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);

        List<Tables.RunRow> runs = cluster.tables().runs();
        Instant first = runs.stream().map(Tables.RunRow::createdAt).filter(at -> !at.isBefore(restored)).min(Instant::compareTo)
            .orElseThrow();
        long gap = Duration.between(restored, first).toMillis();
        System.out.println("FAULT-RESUME first firing recorded " + gap + " ms after the database answered again");
        List<Tables.RunRow> window = runs.stream().filter(r -> r.scheduledAt().isAfter(cut) && r.scheduledAt().isBefore(restored))
            .toList();
        new Summary("7b db outage 20s while running", OUTAGE.toSeconds(), window.size(), 0,
            window.stream().filter(r -> r.state().equals("MISSED")).count(), gap).print();

        assertThat(node.isAlive()).as("the node outlives the outage").isTrue();
        assertThat(Duration.ofMillis(gap)).as("from the database answering to the first firing recorded")
            .isLessThanOrEqualTo(RESUME_WITHIN);
      });
    }
  }
}
