package io.cronbeat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronbeat.exec.Executor;
import io.cronbeat.exec.ProcessResult;
import io.cronbeat.store.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two nodes draining one backlog of submitted runs, claimed in batches and recorded in group
 * commits: every run ends SUCCEEDED after exactly one attempt, whichever node ran it. No
 * process is started: the scheduler's own path is under test.
 */
class BacklogDrainTest {

  private static final int RUNS = 1500;

  /**
   * Takes a little while, as real work does: one node alone would need seconds for the backlog,
   * so the other, polling every second, finds it too.
   */
  private static final Executor BRIEF_WORK = (spec, handle) -> {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new ProcessResult(ProcessResult.Outcome.SUCCEEDED, 0, "slept", "");
  };

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void twoNodesDrainingOneBacklogRunEachRunOnce(TestStore.Kind kind) throws Exception {
    try (NodeHarness harness = new NodeHarness(kind, dir).set("CRONBEAT_EXECUTOR_THREADS", "10")) {
      Node first = harness.start(BRIEF_WORK);
      try (Node second = Node.start(harness.config(), Clock.systemUTC(), BRIEF_WORK)) {
        harness.queueBacklog("backlog", RUNS);

        await().atMost(Duration.ofSeconds(90)).until(() -> count(harness, "SELECT COUNT(*) FROM cb_runs WHERE state = 'SUCCEEDED'")
            == RUNS);
      }
      harness.stop();

      assertThat(count(harness, "SELECT COUNT(*) FROM cb_runs WHERE state = 'SUCCEEDED' AND attempts = 1")).isEqualTo(RUNS);
      assertThat(count(harness, "SELECT COUNT(*) FROM cb_attempts")).as("one attempt per run").isEqualTo(RUNS);
      assertThat(count(harness, "SELECT COUNT(*) FROM cb_attempts WHERE attempt = 1 AND outcome = 'SUCCEEDED'"))
          .isEqualTo(RUNS);
      assertThat(harness.jdbc().query("SELECT DISTINCT node_id FROM cb_attempts", row -> row.getString(1)))
          .as("both nodes claimed runs").hasSize(2).contains(first.id());
    }
  }

  private static long count(NodeHarness harness, String sql) {
    return harness.jdbc().query(sql, row -> row.getLong(1)).get(0);
  }
}
