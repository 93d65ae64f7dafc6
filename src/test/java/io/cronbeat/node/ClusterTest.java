package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.run.Attempt;
import io.cronbeat.run.Run;
import io.cronbeat.run.RunState;
import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two nodes on one database: every firing runs exactly once, whichever node fires it. */
class ClusterTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = TestStore.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void twoNodesRunEachFiringExactlyOnce(TestStore.Kind kind) throws Exception {
    // Each job runs a second and a node has two threads: one node cannot run all the firings,
    // so the other must take its share (a node that keeps up with short jobs may run them all).
    try (NodeHarness harness = new NodeHarness(kind, dir).set("CRONBEAT_EXECUTOR_THREADS", "2")) {
      harness.jobs("jobs.yaml", """
          jobs:
            a: {schedule: '@every 1s', command: 'sleep 1', overlap: allow}
            b: {schedule: '@every 1s', command: 'sleep 1', overlap: allow}
            c: {schedule: '@every 2s', command: 'sleep 1', overlap: allow}
          """);
      Node first = harness.start();
      Node second = Node.start(harness.config(), Clock.systemUTC());
      try {
        Instant start = Instant.now();
        await().atMost(Duration.ofSeconds(40)).until(() -> harness.runsOf("a").size() >= 12 && harness.runsOf("c").size() >= 6);
        // Firings are recorded up to a second ahead, and a run may wait a moment for a free thread:
        // the ones due two seconds before the stop are those that must have run.
        Instant stopping = Instant.now().minusSeconds(2);
        second.stop();
        harness.stop();

        Set<String> nodes = new HashSet<>();
        for (String job : List.of("a", "b", "c")) {
          List<Run> runs = harness.runsOf(job);
          assertThat(runs.stream().map(Run::scheduledAt).toList()).as(job).doesNotHaveDuplicates();
          List<Run> done = runs.stream().filter(r -> r.scheduledAt().isAfter(start.plusSeconds(2))
              && r.scheduledAt().isBefore(stopping)).toList();
          assertThat(done).as(job).allSatisfy(r -> assertThat(r.state()).isEqualTo(RunState.SUCCEEDED));
          for (Run run : done) {
            List<Attempt> attempts = harness.history().attempts(run.id());
            assertThat(attempts).as("%s run %d", job, run.id()).hasSize(1);
            nodes.add(attempts.get(0).nodeId());
          }
        }
        assertThat(nodes).as("both nodes ran attempts").containsExactlyInAnyOrder(first.id(), second.id());
      } finally {
        second.stop();
      }
    }
  }
}
